package io.surge.catalog.domain;

/** Parcel dimensions of one unit, in millimetres. */
public record Dimensions(int lengthMm, int widthMm, int heightMm) {}
