package io.surge.catalog.domain;

import java.util.List;

/** A product to create with its variants, or changes to one (null fields stay as they are). */
public record ProductDraft(String title, String handle, String description, Boolean active,
    List<VariantDraft> variants) {}
