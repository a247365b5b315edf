package io.surge.graphql;

import graphql.Scalars;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates malformed and hostile GraphQL-over-HTTP requests from a seeded {@link Random} and the
 * live schema: broken JSON, wrong variable types for every argument of every root field, hostile
 * strings in every string argument, limit bombs and oversized bodies. Mutations are only ever sent
 * in a form that is certainly refused (wrong types, undecodable IDs, or no key), so the fuzzer
 * changes no data. Not thread-safe: one per test thread.
 */
final class HostileRequests {
  /** One request: method, content type (null for none), raw body (POST) or URL query (GET), with or without a key. */
  record Request(String kind, String method, String contentType, byte[] body, String urlQuery, boolean admin) {
    String describe() {
      String text = body == null ? urlQuery : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
      return kind + " " + method + (admin ? " (admin)" : " (anonymous)") + ": " + text;
    }
  }

  static final List<String> SQL = List.of("' OR 1=1 --", "'; DROP TABLE sales_order; --", "\\x00", "%", "_",
      "%_%", "\" OR \"\"=\"", "1); SELECT pg_sleep(10); --", "' UNION SELECT secret_hash FROM api_key --",
      "$1", "E'\\\\'", "\\", "''''", "*/ /*", "a%' ESCAPE '\\");
  static final List<String> UNICODE = List.of("\u0000", "a\u0000b", "\uD800", "x\uDC00y", "\u202Eevil\u202C",
      "\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD", "e\u0301\u0301\u0301", "\uFEFF", "\uFFFF", "\u0007\u001B[31m",
      "\u0645\u0631\u062D\u0628\u0627", "   ", "", "null", "\n\r\t");

  private final Random random;
  private final GraphQLSchema schema;
  private final int maxBodyBytes;

  HostileRequests(long seed, GraphQLSchema schema, int maxBodyBytes) {
    this.random = new Random(seed);
    this.schema = schema;
    this.maxBodyBytes = maxBodyBytes;
  }

  Request next() {
    int pick = random.nextInt(100);
    if (pick < 12) {
      return brokenJson();
    }
    if (pick < 18) {
      return wrongContentType();
    }
    if (pick < 40) {
      return wrongVariableType();
    }
    if (pick < 78) {
      return hostileStrings();
    }
    if (pick < 84) {
      return hostileLiteral();
    }
    if (pick < 93) {
      return bomb();
    }
    if (pick < 95) {
      return hugeBody();
    }
    return hostileGet();
  }

  private Request brokenJson() {
    String valid = json(Map.of("query", "{ viewer { role } }"));
    byte[] body = switch (random.nextInt(12)) {
      case 0 -> utf8(valid.substring(0, random.nextInt(valid.length())));
      case 1 -> utf8("{\"query\": {\"query\": [\"{ viewer { role } }\"]}}");
      case 2 -> new byte[] {'{', '"', 'q', (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'};
      case 3 -> utf8("{\"query\":\"query($n: Int) { products(first: $n) { totalCount } }\",\"variables\":{\"n\":"
          + "9".repeat(1 + random.nextInt(5000)) + "}}");
      case 4 -> utf8("{\"query\":\"{ viewer { role } }\",\"query\":\"mutation { ping }\",\"query\":1}");
      case 5 -> utf8(List.of("[]", "null", "42", "\"{ viewer { role } }\"", "true", "1e999999", "-0").get(random.nextInt(7)));
      case 6 -> utf8("[".repeat(2000 + random.nextInt(50_000)));
      case 7 -> utf8("{\"query\":\"{ viewer { role } }\",\"variables\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}");
      case 8 -> randomBytes(1 + random.nextInt(2000));
      case 9 -> utf8("{\"query\":\"query($d: Decimal) { viewer { role } }\",\"variables\":{\"d\":1e308, \"x\": -1e-400}}");
      case 10 -> utf8("\uFEFF" + valid);
      default -> utf8("{\"query\":\"{ viewer { role } }\",\"operationName\":{},\"extensions\":[1]}");
    };
    return post("broken-json", "application/json", body, random.nextBoolean());
  }

  private Request wrongContentType() {
    String type = List.of("text/plain", "application/graphql", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "application/json; charset=utf-16", "image/png", "*/*", "")
        .get(random.nextInt(8));
    String body = random.nextBoolean() ? json(Map.of("query", "{ viewer { role } }")) : "query=%7B+viewer+%7B+role+%7D+%7D";
    return post("content-type", type.isEmpty() ? null : type, utf8(body), random.nextBoolean());
  }

  /** A real root field with one argument given a value of the wrong type; refused before it runs. */
  private Request wrongVariableType() {
    Root root = randomRoot();
    if (root.field().getArguments().isEmpty()) {
      return hostileStrings();
    }
    GraphQLArgument wrong = root.field().getArguments().get(random.nextInt(root.field().getArguments().size()));
    Map<String, Object> variables = new LinkedHashMap<>();
    for (GraphQLArgument argument : root.field().getArguments()) {
      variables.put(argument.getName(), argument == wrong
          ? wrongValue(argument.getType())
          : value(argument.getType(), root.mutation(), 0));
    }
    return post("wrong-type " + root.field().getName() + "." + wrong.getName(), "application/json",
        utf8(json(Map.of("query", document(root), "variables", variables))), root.mutation() || random.nextBoolean());
  }

  /** A real root field with hostile strings in every string argument and input field. */
  private Request hostileStrings() {
    Root root = randomRoot();
    Map<String, Object> variables = new LinkedHashMap<>();
    for (GraphQLArgument argument : root.field().getArguments()) {
      variables.put(argument.getName(), value(argument.getType(), root.mutation(), 0));
    }
    String body = json(Map.of("query", document(root), "variables", variables));
    // A mutation runs with the admin key only when an undecodable ID in its input refuses it.
    boolean admin = root.mutation() ? body.contains(UNDECODABLE_MARK) : random.nextInt(4) > 0;
    return post("hostile " + root.field().getName(), "application/json", utf8(body), admin);
  }

  /** Hostile strings written into the document itself, escaped or raw. */
  private Request hostileLiteral() {
    String text = hostile();
    String literal = random.nextBoolean() ? graphqlString(text) : "\"" + text + "\"";
    String query = switch (random.nextInt(4)) {
      case 0 -> "{ variant(sku: " + literal + ") { sku } }";
      case 1 -> "{ products(first: 5, filter: {query: " + literal + ", sku: " + literal + "}) { totalCount } }";
      case 2 -> "{ orders(first: 5, filter: {customerEmail: " + literal + ", sku: " + literal + "}) { totalCount } }";
      default -> "{ trackOrder(number: " + literal + ", email: " + literal + ") { status } }";
    };
    return post("literal", "application/json", utf8(json(Map.of("query", query))), random.nextBoolean());
  }

  private Request bomb() {
    String query = switch (random.nextInt(7)) {
      case 0 -> deep(7 + random.nextInt(200));
      case 1 -> "{ " + "a: viewer { role } ".repeat(31 + random.nextInt(3000)) + "}";
      case 2 -> fragmentBomb(5 + random.nextInt(40));
      case 3 -> "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A viewer { role } }";
      case 4 -> "{ viewer " + "@skip(if: false) @include(if: true) ".repeat(10 + random.nextInt(2000)) + "{ role } }";
      case 5 -> "{" + "{".repeat(1000 + random.nextInt(20_000)) + "}".repeat(random.nextInt(100)) + "}";
      default -> "query(" + "$v: Int, ".repeat(10 + random.nextInt(2000)) + ") { viewer { role } }";
    };
    return post("bomb", "application/json", utf8(json(Map.of("query", query))), random.nextBoolean());
  }

  /** {@code variant -> product -> variants -> product ...}, {@code levels} pairs deep. */
  private static String deep(int levels) {
    return "{ variant(sku: \"X\") {" + " product { variants {".repeat(levels) + " sku" + " } }".repeat(levels) + " } }";
  }

  private static String fragmentBomb(int levels) {
    StringBuilder query = new StringBuilder("query { ...F" + levels + " } fragment F0 on Query { viewer { role } }");
    for (int i = 1; i <= levels; i++) {
      query.append(" fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }");
    }
    return query.toString();
  }

  /** Strings and variables near and past the body limit. */
  private Request hugeBody() {
    int size = maxBodyBytes - 200 + random.nextInt(400) + (random.nextBoolean() ? 0 : maxBodyBytes);
    String variable = random.nextBoolean() ? "x".repeat(size) : "\uD83D\uDE00".repeat(size / 4);
    String body = json(Map.of("query", "query($s: String!) { variant(sku: $s) { sku } }", "variables", Map.of("s", variable)));
    return post("huge", "application/json", utf8(body), random.nextBoolean());
  }

  /** Short hostile URLs: past about 4 KB the HTTP codec answers 414 before any handler runs. */
  private Request hostileGet() {
    String query = "query=" + urlEncode(random.nextBoolean() ? "{ variant(sku: " + graphqlString(shortHostile()) + ") { sku } }" : shortHostile())
        + (random.nextBoolean() ? "&variables=" + urlEncode(shortHostile()) : "")
        + (random.nextBoolean() ? "&operationName=" + urlEncode(shortHostile()) : "");
    return new Request("get", "GET", null, null, query, random.nextBoolean());
  }

  private record Root(GraphQLFieldDefinition field, boolean mutation) {}

  private Root randomRoot() {
    boolean mutation = random.nextInt(3) == 0;
    GraphQLObjectType type = mutation ? schema.getMutationType() : schema.getQueryType();
    List<GraphQLFieldDefinition> fields = type.getFieldDefinitions();
    return new Root(fields.get(random.nextInt(fields.size())), mutation);
  }

  /** The root field with every argument bound to a variable of its declared type. */
  private static String document(Root root) {
    StringBuilder declared = new StringBuilder();
    StringBuilder passed = new StringBuilder();
    for (GraphQLArgument argument : root.field().getArguments()) {
      declared.append(declared.isEmpty() ? "" : ", ").append('$').append(argument.getName()).append(": ")
          .append(graphql.schema.GraphQLTypeUtil.simplePrint(argument.getType()));
      passed.append(passed.isEmpty() ? "" : ", ").append(argument.getName()).append(": $").append(argument.getName());
    }
    String selection = graphql.schema.GraphQLTypeUtil.unwrapAll(root.field().getType()) instanceof GraphQLScalarType ? "" : " { __typename }";
    return (root.mutation() ? "mutation" : "query") + (declared.isEmpty() ? "" : "(" + declared + ")")
        + " { " + root.field().getName() + (passed.isEmpty() ? "" : "(" + passed + ")") + selection + " }";
  }

  private static final String UNDECODABLE_MARK = "~~";

  /** A plausible value of the type, with hostile text in every string; IDs in mutations never decode. */
  private Object value(GraphQLInputType type, boolean mutation, int depth) {
    if (type instanceof GraphQLNonNull nonNull) {
      return value((GraphQLInputType) nonNull.getWrappedType(), mutation, depth);
    }
    if (type instanceof GraphQLList list) {
      List<Object> values = new ArrayList<>();
      for (int i = random.nextInt(3) + 1; i > 0; i--) {
        values.add(value((GraphQLInputType) list.getWrappedType(), mutation, depth + 1));
      }
      return values;
    }
    if (type instanceof GraphQLInputObjectType object) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
        if (graphql.schema.GraphQLTypeUtil.isNonNull(field.getType()) || (depth < 3 && random.nextBoolean())) {
          fields.put(field.getName(), value(field.getType(), mutation, depth + 1));
        }
      }
      return fields;
    }
    if (type instanceof GraphQLEnumType enumType) {
      return enumType.getValues().get(random.nextInt(enumType.getValues().size())).getName();
    }
    String scalar = ((GraphQLScalarType) type).getName();
    return switch (scalar) {
      case "ID" -> mutation ? UNDECODABLE_MARK + hostile() : hostile();
      case "String" -> hostile();
      case "Int" -> List.of(0, -1, 1, 100, 101, Integer.MAX_VALUE, Integer.MIN_VALUE).get(random.nextInt(7));
      case "Float" -> random.nextBoolean() ? 1.5 : -1e300;
      case "Boolean" -> random.nextBoolean();
      case "DateTime" -> List.of("2026-01-01T00:00:00Z", "0000-00-00T99:99:99Z", "+999999999-12-31T23:59:59Z", hostile()).get(random.nextInt(4));
      case "Decimal" -> List.of("1.00", "-0.001", "1e9999999", "99999999999999999999999999.99", "NaN", hostile()).get(random.nextInt(6));
      default -> random.nextBoolean() ? (scalar.equals("CountryCode") ? "DE" : "EUR") : hostile();
    };
  }

  /** A value the type can never accept, so the request is refused while coercing variables. */
  private Object wrongValue(GraphQLInputType type) {
    if (type instanceof GraphQLNonNull && random.nextInt(4) == 0) {
      return null;
    }
    GraphQLInputType bare = (GraphQLInputType) graphql.schema.GraphQLTypeUtil.unwrapNonNull(type);
    if (bare instanceof GraphQLInputObjectType || bare instanceof GraphQLList) {
      return List.of("not an object", 42, true, new java.math.BigInteger("9".repeat(40))).get(random.nextInt(4));
    }
    if (bare instanceof GraphQLEnumType) {
      return List.of("NOT_A_VALUE", "", Map.of("a", 1)).get(random.nextInt(3));
    }
    if (bare == Scalars.GraphQLInt) {
      return List.of("many", 1.5, new java.math.BigInteger("9".repeat(30)), Map.of(), List.of(List.of())).get(random.nextInt(5));
    }
    return List.of(Map.of("a", hostile()), List.of(Map.of()), Map.of()).get(random.nextInt(3));
  }

  private String hostile() {
    int pick = random.nextInt(10);
    if (pick < 5) {
      return SQL.get(random.nextInt(SQL.size()));
    }
    if (pick < 9) {
      return UNICODE.get(random.nextInt(UNICODE.size()));
    }
    return SQL.get(random.nextInt(SQL.size())).repeat(1 + random.nextInt(2000));
  }

  private String shortHostile() {
    String text = hostile();
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  private Request post(String kind, String contentType, byte[] body, boolean admin) {
    return new Request(kind, "POST", contentType, body, null, admin);
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String urlEncode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** JSON with every non-ASCII and control character escaped, so lone surrogates survive as {@code \\uD800}. */
  static String json(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      return quote(text);
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      map.forEach((key, member) -> out.append(out.length() > 1 ? "," : "").append(quote(key.toString())).append(':').append(json(member)));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      list.forEach(element -> out.append(out.length() > 1 ? "," : "").append(json(element)));
      return out.append(']').toString();
    }
    return value.toString();
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** A GraphQL string literal with the same escaping. */
  private static String graphqlString(String text) {
    return quote(text);
  }
}
