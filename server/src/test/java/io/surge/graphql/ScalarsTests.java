package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import java.math.BigDecimal;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scalars: Decimal")
class ScalarsTests {

  private static Object decimal(String text) {
    return Scalars.DECIMAL.getCoercing().parseValue(text, GraphQLContext.getDefault(), Locale.ROOT);
  }

  private static Object decimalLiteral(String text) {
    return Scalars.DECIMAL.getCoercing().parseLiteral(new StringValue(text), CoercedVariables.emptyVariables(),
        GraphQLContext.getDefault(), Locale.ROOT);
  }

  @Test
  @DisplayName("takes money and rates: up to 18 digits before the point and 12 after it")
  void plainNumbers() {
    assertThat(decimal("19.99")).isEqualTo(new BigDecimal("19.99"));
    assertThat(decimal("-0.001")).isEqualTo(new BigDecimal("-0.001"));
    assertThat(decimal("123456789012345678.123456789012")).isEqualTo(new BigDecimal("123456789012345678.123456789012"));
    assertThat(decimal("1.5e3")).isEqualTo(new BigDecimal("1.5e3"));
    assertThat(decimalLiteral("2.50")).isEqualTo(new BigDecimal("2.50"));
  }

  @Test
  @DisplayName("refuses what would cost seconds to print or compute: huge exponents, too many digits")
  void refusesHugeNumbers() {
    for (String text : new String[] {"1e9999999", "1e-9999999", "1234567890123456789", "0.0000000000001", "NaN"}) {
      assertThatThrownBy(() -> decimal(text)).as(text).isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> decimalLiteral(text)).as(text).isInstanceOf(RuntimeException.class);
    }
  }
}
