package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Global IDs and cursors")
class GlobalIdTests {

  @Test
  @DisplayName("round-trip type and key, and refuse another type or garbage as BAD_USER_INPUT")
  void roundTrip() {
    String id = GlobalId.encode("Product", 42);
    assertThat(GlobalId.decode(id)).isEqualTo(new GlobalId("Product", 42));
    assertThat(GlobalId.decode(id, "Product")).isEqualTo(42);
    assertThatThrownBy(() -> GlobalId.decode(id, "Variant"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_USER_INPUT));
    assertThatThrownBy(() -> GlobalId.decode("%%%")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> GlobalId.decode(GlobalId.encode("Product", 1).substring(2))).isInstanceOf(ApiException.class);
  }

  @Test
  @DisplayName("cursors round-trip and refuse forgeries")
  void cursors() {
    assertThat(Cursors.decode(Cursors.encode(7))).isEqualTo(7);
    assertThatThrownBy(() -> Cursors.decode("bm9wZQ")).isInstanceOf(ApiException.class);
  }
}
