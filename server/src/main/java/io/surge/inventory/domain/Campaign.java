package io.surge.inventory.domain;

import java.util.List;

/** Flash-sale controls shared by many variants. */
public record Campaign(long id, String code, String name, List<String> skus, SaleRules rules) {}
