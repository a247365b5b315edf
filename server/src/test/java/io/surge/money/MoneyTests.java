package io.surge.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Money")
class MoneyTests {

  @Test
  @DisplayName("keeps minor units exactly and renders the currency's decimals")
  void minorUnits() {
    assertThat(Money.of(new BigDecimal("19.99"), "EUR")).isEqualTo(new Money(1999, "EUR"));
    assertThat(Money.of(new BigDecimal("19.9"), "EUR").amount().toPlainString()).isEqualTo("19.90");
    assertThat(Money.of(new BigDecimal("500"), "JPY").amount().toPlainString()).isEqualTo("500");
    assertThat(Money.of(new BigDecimal("1.234"), "KWD")).isEqualTo(new Money(1234, "KWD"));
  }

  @Test
  @DisplayName("refuses more decimals than the currency has instead of rounding")
  void noRounding() {
    assertThatThrownBy(() -> Money.of(new BigDecimal("1.005"), "EUR")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.of(new BigDecimal("1e30"), "EUR")).isInstanceOf(IllegalArgumentException.class);
  }
}
