package io.surge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.catalog.domain.Handles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Product handles")
class HandlesTests {

  @Test
  @DisplayName("are derived from titles as lower-case ASCII words joined by hyphens")
  void derived() {
    assertThat(Handles.fromTitle("Classic Tëe — Blue!")).isEqualTo("classic-tee-blue");
    assertThat(Handles.fromTitle("  ***  ")).isEqualTo("product");
    assertThat(Handles.fromTitle("x".repeat(500))).hasSizeLessThanOrEqualTo(112);
  }

  @Test
  @DisplayName("accept only the canonical form")
  void validity() {
    assertThat(Handles.valid("classic-tee")).isTrue();
    assertThat(Handles.valid("Classic-Tee")).isFalse();
    assertThat(Handles.valid("double--hyphen")).isFalse();
    assertThat(Handles.valid("-leading")).isFalse();
  }
}
