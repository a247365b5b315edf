package io.surge.catalog.domain;

/** A variant's value for one product option, e.g. Size = M. */
public record SelectedOption(String name, String value) {}
