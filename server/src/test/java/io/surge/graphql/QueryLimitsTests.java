package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import graphql.parser.Parser;
import io.surge.app.SurgeConfig.GraphQLLimitsConfig;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Query limits")
class QueryLimitsTests {
  private final QueryLimits limits = new QueryLimits(new GraphQLLimitsConfig(5, 500, 2, 1000));

  private QueryLimits.Shape measure(String query) {
    return limits.measure(Parser.parse(query));
  }

  @Test
  @DisplayName("depth counts nested fields through fragments, and ignores introspection")
  void depth() {
    assertThat(measure("{ a { b { c } } }").depth()).isEqualTo(3);
    assertThat(measure("{ a { ...F } } fragment F on X { b { c { d } } }").depth()).isEqualTo(4);
    assertThat(measure("{ __schema { types { fields { type { ofType { name } } } } } }").depth()).isZero();
  }

  @Test
  @DisplayName("a paged field multiplies the cost under it by its page size; a connection without first by 20")
  void complexity() {
    assertThat(measure("{ a { b } }").complexity()).isEqualTo(2);
    assertThat(measure("{ products(first: 10) { edges { node { id } } } }").complexity()).isEqualTo(31);
    assertThat(measure("query($n: Int) { products(first: $n) { title } }").complexity()).isEqualTo(101);
    assertThat(measure("{ products { edges { node { id } } } }").complexity()).isEqualTo(61);
  }

  @Test
  @DisplayName("aliases are counted, and the first broken limit is reported with its figures")
  void aliases() {
    assertThat(measure("{ x: a y: a z: a }").aliases()).isEqualTo(3);
    var error = limits.check(Parser.parse("{ x: a y: a z: a }")).orElseThrow();
    assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT").containsEntry("limit", "aliases");
    assertThat(limits.check(Parser.parse("{ a { b } }"))).isEmpty();
  }

  @Test
  @DisplayName("a fragment bomb (each fragment spreads the one below twice) is measured at once, with its full expanded figures")
  void fragmentBomb() {
    StringBuilder query = new StringBuilder("{ ...F40 } fragment F0 on Query { x: a }");
    for (int i = 1; i <= 40; i++) {
      query.append(" fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }");
    }
    var shape = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> measure(query.toString()));
    assertThat(shape.depth()).isEqualTo(1);
    assertThat(shape.complexity()).isEqualTo(1L << 40);
    assertThat(shape.aliases()).isEqualTo(Integer.MAX_VALUE);
    assertThat(measure("{ ...F2 } fragment F0 on Query { x: a } fragment F1 on Query { ...F0 ...F0 }"
        + " fragment F2 on Query { ...F1 ...F1 }").aliases()).isEqualTo(4);
  }
}
