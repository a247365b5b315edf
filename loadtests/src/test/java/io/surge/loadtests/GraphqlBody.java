package io.surge.loadtests;

/**
 * GraphQL request bodies as JSON text, for Gatling's {@code StringBody} and the set-up client.
 *
 * <p>Stateless; safe from any thread.
 */
final class GraphqlBody {

  private GraphqlBody() {
  }

  /** {@code {"operationName": ..., "query": ..., "variables": <variablesJson>}}. */
  static String of(String operationName, String query, String variablesJson) {
    return "{\"operationName\":" + jsonString(operationName)
        + ",\"query\":" + jsonString(query)
        + ",\"variables\":" + variablesJson + "}";
  }

  /** A JSON string literal. Escapes '#' too, so Gatling EL never sees "#{" in user-given text. */
  static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '#' -> b.append("\\u0023");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
