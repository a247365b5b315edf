package io.surge.catalog.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An option of a product (e.g. Size) with its values in first-seen order, derived from the variants. */
public record ProductOption(String name, List<String> values) {

  /** The options the variants' selected options add up to, in the order they first appear. */
  public static List<ProductOption> of(List<Variant> variants) {
    Map<String, Set<String>> values = new LinkedHashMap<>();
    for (Variant variant : variants) {
      for (SelectedOption option : variant.selectedOptions()) {
        values.computeIfAbsent(option.name(), name -> new LinkedHashSet<>()).add(option.value());
      }
    }
    List<ProductOption> options = new ArrayList<>(values.size());
    values.forEach((name, set) -> options.add(new ProductOption(name, List.copyOf(set))));
    return options;
  }
}
