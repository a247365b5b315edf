package io.surge.access;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.ArrayValue;
import graphql.language.EnumValue;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import io.surge.graphql.GlobalId;
import io.surge.support.Eventually;
import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SubscriptionClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every root field against every kind of caller, read from the running schema: a field added
 * tomorrow is in the matrix without anyone listing it. Arguments are made up from their types
 * (required ones only), so allowed callers may well be refused for the data (BAD_USER_INPUT,
 * NOT_FOUND, userErrors); what must never happen is an allowed caller turned away by the access
 * check, or anybody else getting past it.
 */
@SurgeTest
@DisplayName("Access matrix: every root field × every caller")
class AccessMatrixTests {
  private static final long NO_SUCH_ID = 987_654_321L;
  private static final Set<String> ACCESS_CODES = Set.of("UNAUTHENTICATED", "FORBIDDEN");

  /** A kind of caller, and the role it acts with (null: refused before any role is looked at). */
  private record Caller(String name, GraphQLClient client, String role, String key) {}

  private static TestNode node;
  private static GraphQLSchema schema;
  private static InventoryFixture mine;
  private static InventoryFixture theirs;
  private static List<Caller> callers;

  @BeforeAll
  static void start() {
    node = TestNode.shared();
    schema = node.node().engine().schema();
    GraphQLClient admin = node.admin();
    mine = InventoryFixture.create(admin, 1, 1);
    theirs = InventoryFixture.create(admin, 1, 1);
    String revoked = createKey(admin, "STAFF", null);
    String revokedId = admin.query("{ apiKeys(first: 1) { edges { node { id } } } }").data()
        .getJsonObject("apiKeys").getJsonArray("edges").getJsonObject(0).getJsonObject("node").getString("id");
    admin.query("mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { userErrors { code } } }",
        Map.of("input", new JsonObject().put("id", revokedId)));
    String staff = createKey(admin, "STAFF", null);
    String channel = createKey(admin, "CHANNEL", mine.channelId);
    String otherChannel = createKey(admin, "CHANNEL", theirs.channelId);
    callers = List.of(
        new Caller("no key", node.anonymous(), null, null),
        new Caller("malformed key", admin.as("%not-a-key%"), null, "%not-a-key%"),
        new Caller("revoked key", admin.as(revoked), null, revoked),
        new Caller("ADMIN", admin, "ADMIN", node.adminKey()),
        new Caller("STAFF", admin.as(staff), "STAFF", staff),
        new Caller("CHANNEL", admin.as(channel), "CHANNEL", channel),
        new Caller("CHANNEL of another channel", admin.as(otherChannel), "CHANNEL", otherChannel));
  }

  private static String createKey(GraphQLClient admin, String role, String channelId) {
    JsonObject input = new JsonObject().put("name", "matrix " + role).put("role", role);
    if (channelId != null) {
      input.put("channelId", channelId);
    }
    return admin.query("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
        Map.of("input", input)).data().getJsonObject("createApiKey").getString("secret");
  }

  @Test
  @DisplayName("queries and mutations: allowed callers pass the access check, everybody else gets UNAUTHENTICATED or FORBIDDEN and no data")
  void queriesAndMutations() {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (GraphQLObjectType root : List.of(schema.getQueryType(), schema.getMutationType())) {
      for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
        Request request = request(root == schema.getQueryType() ? "query" : "mutation", field);
        for (Caller caller : callers) {
          var response = caller.client().query(request.document(), request.variables());
          String problem = judge(field, caller, codes(response.errors()), response.data());
          if (problem != null) {
            wrong.add(root.getName() + "." + field.getName() + " as " + caller.name() + ": " + problem
                + " — " + response.body().encode());
          }
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(7 * 40);
    assertThat(wrong).as(String.join("\n", wrong)).isEmpty();
  }

  @Test
  @DisplayName("subscriptions: without a key UNAUTHENTICATED, an allowed key is not refused")
  void subscriptions() {
    for (GraphQLFieldDefinition field : schema.getSubscriptionType().getFieldDefinitions()) {
      Request request = request("subscription", field);
      String document = inline(request);
      try (var anonymous = SubscriptionClient.open(node.node().port(), null, document);
           var admin = SubscriptionClient.open(node.node().port(), node.adminKey(), document)) {
        anonymous.awaitEnd(Duration.ofSeconds(10));
        assertThat(anonymous.messages().toString()).as(field.getName()).contains("UNAUTHENTICATED");
        Eventually.until(Duration.ofSeconds(10), () -> admin.types().contains("connection_ack"));
        // Refusals come at once; give a wrongly refused subscription a moment to show itself.
        sleep(300);
        assertThat(admin.messages().toString()).as(field.getName())
            .doesNotContain("UNAUTHENTICATED").doesNotContain("FORBIDDEN");
      }
    }
  }

  @Test
  @DisplayName("a CHANNEL key neither sees nor changes another channel's orders and reservations")
  void channelScope() {
    String sku = mine.skus.get(0);
    mine.receive(sku, mine.locationIds.get(0), 10);
    var orders = new OrderFixture(mine);
    JsonObject order = orders.placed(orders.input("scope@example.com").put("paid", false)
        .put("lines", InventoryFixture.lines(sku, 1)));
    String reservation = mine.reserve(mine.reserveInput(InventoryFixture.lines(sku, 1)))
        .getJsonObject("reservation").getString("id");
    GraphQLClient other = callers.get(6).client();
    String orderId = order.getString("id");

    assertThat(other.query("query($id: ID!) { order(id: $id) { id } }", Map.of("id", orderId)).data().getValue("order")).isNull();
    assertThat(other.query("query($id: ID!) { node(id: $id) { id } }", Map.of("id", orderId)).data().getValue("node")).isNull();
    assertThat(other.query("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", Map.of("ids", new JsonArray().add(orderId).add(reservation)))
        .data().getJsonArray("nodes")).containsOnlyNulls();
    assertThat(other.query("{ orders(first: 100) { edges { node { id } } } }").body().encode()).doesNotContain(orderId);
    assertThat(other.query("query($id: ID!) { reservation(id: $id) { id } }", Map.of("id", reservation)).data()
        .getValue("reservation")).isNull();

    var release = other.query("mutation($input: ReleaseReservationInput!) { releaseReservation(input: $input) {"
        + " reservation { id status } userErrors { code } } }", Map.of("input", new JsonObject().put("reservationId", reservation)));
    assertThat(release.body().encode()).doesNotContain("RELEASED");
    assertThat(release.errorCode()).isNotEqualTo("FORBIDDEN");
    var paid = other.query("mutation($input: MarkOrderPaidInput!) { markOrderPaid(input: $input) { order { id } userErrors { code } } }",
        Map.of("input", new JsonObject().put("orderId", orderId)));
    assertThat(paid.body().encode()).doesNotContain(orderId);
    var placed = other.query(OrderFixture.PLACE, Map.of("input", orders.input("x@example.com").put("lines", InventoryFixture.lines(sku, 1))));
    assertThat(placed.data().getJsonObject("placeOrder").getValue("order")).isNull();

    GraphQLClient own = callers.get(5).client();
    assertThat(own.query("query($id: ID!) { reservation(id: $id) { id } }", Map.of("id", reservation)).data()
        .getJsonObject("reservation")).isNotNull();
    assertThat(own.query("query($id: ID!) { order(id: $id) { id } }", Map.of("id", orderId)).data()
        .getJsonObject("order").getString("id")).isEqualTo(orderId);
  }

  /** Null when the outcome fits the caller, else what is wrong. */
  private static String judge(GraphQLFieldDefinition field, Caller caller, List<String> codes, JsonObject data) {
    boolean isPublic = field.getDefinition().hasDirective("public");
    String expected;
    if (caller.key() != null && caller.role() == null) {
      expected = "UNAUTHENTICATED";
    } else if (isPublic) {
      expected = null;
    } else if (caller.role() == null) {
      expected = "UNAUTHENTICATED";
    } else {
      expected = roles(field).contains(caller.role()) ? null : "FORBIDDEN";
    }
    if (expected == null) {
      return codes.stream().anyMatch(ACCESS_CODES::contains) ? "an allowed caller was refused " + codes : null;
    }
    if (!codes.contains(expected)) {
      return "expected " + expected + " but got " + codes;
    }
    if (data != null && data.getValue(field.getName()) != null) {
      return "a refused caller got data";
    }
    return null;
  }

  private static Set<String> roles(GraphQLFieldDefinition field) {
    var roles = ((ArrayValue) field.getDefinition().getDirectives("access").get(0).getArgument("roles").getValue())
        .getValues().stream().map(value -> ((EnumValue) value).getName()).collect(Collectors.toSet());
    roles.add("ADMIN");
    return roles;
  }

  private static List<String> codes(JsonArray errors) {
    if (errors == null) {
      return List.of();
    }
    return errors.stream().map(error -> ((JsonObject) error).getJsonObject("extensions"))
        .map(extensions -> extensions == null ? "none" : extensions.getString("code")).toList();
  }

  /** A document calling one root field with its required arguments as variables. */
  private record Request(String document, Map<String, Object> variables) {}

  private static Request request(String operation, GraphQLFieldDefinition field) {
    String subject = subjectType(field.getType());
    Map<String, Object> variables = new LinkedHashMap<>();
    List<String> declarations = new ArrayList<>();
    List<String> arguments = new ArrayList<>();
    for (var argument : field.getArguments()) {
      if (!GraphQLTypeUtil.isNonNull(argument.getType()) || argument.hasSetDefaultValue()) {
        continue;
      }
      variables.put(argument.getName(), value(argument.getName(), argument.getType(), subject, 0));
      declarations.add("$" + argument.getName() + ": " + GraphQLTypeUtil.simplePrint(argument.getType()));
      arguments.add(argument.getName() + ": $" + argument.getName());
    }
    GraphQLType result = GraphQLTypeUtil.unwrapAll(field.getType());
    String selection = result instanceof GraphQLScalarType || result instanceof GraphQLEnumType ? "" : " { __typename }";
    String document = operation + (declarations.isEmpty() ? "" : "(" + String.join(", ", declarations) + ")")
        + " { " + field.getName() + (arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")")
        + selection + " }";
    return new Request(document, variables);
  }

  /** The same request with its variables written into the document (the WebSocket client sends no variables). */
  private static String inline(Request request) {
    String document = request.document();
    String header = document.substring(0, document.indexOf('{'));
    String body = document.substring(document.indexOf('{'));
    for (var variable : request.variables().entrySet()) {
      body = body.replace("$" + variable.getKey(), literal(variable.getValue()));
    }
    return header.contains("(") ? header.substring(0, header.indexOf('(')) + " " + body : document;
  }

  private static String literal(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(AccessMatrixTests::literal).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> e.getKey() + ": " + literal(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return value instanceof String text ? new JsonArray().add(text).encode().replaceAll("^\\[|]$", "") : String.valueOf(value);
  }

  /** The Node type a field is about: itself, or the first Node in its payload; null if none. */
  private static String subjectType(GraphQLType type) {
    GraphQLType named = GraphQLTypeUtil.unwrapAll(type);
    if (named instanceof GraphQLObjectType object) {
      if (isNode(object)) {
        return object.getName();
      }
      for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
        if (GraphQLTypeUtil.unwrapAll(field.getType()) instanceof GraphQLObjectType inner && isNode(inner)) {
          return inner.getName();
        }
      }
    }
    return "Order";
  }

  private static boolean isNode(GraphQLObjectType type) {
    return type.getInterfaces().stream().anyMatch(i -> ((GraphQLNamedType) i).getName().equals("Node"));
  }

  private static Object value(String name, GraphQLInputType type, String subject, int depth) {
    if (type instanceof GraphQLNonNull nonNull) {
      return value(name, (GraphQLInputType) nonNull.getWrappedType(), subject, depth);
    }
    if (type instanceof GraphQLList list) {
      return List.of(value(name, (GraphQLInputType) list.getWrappedType(), subject, depth));
    }
    if (type instanceof GraphQLEnumType enumType) {
      return enumType.getValues().get(0).getName();
    }
    if (type instanceof GraphQLInputObjectType input) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (var field : input.getFieldDefinitions()) {
        if (GraphQLTypeUtil.isNonNull(field.getType()) && !field.hasSetDefaultValue() && depth < 5) {
          fields.put(field.getName(), value(field.getName(), field.getType(), subject, depth + 1));
        }
      }
      return fields;
    }
    return switch (((GraphQLScalarType) type).getName()) {
      case "ID" -> id(name, subject);
      case "Int" -> 1;
      case "Float" -> 1.0;
      case "Boolean" -> false;
      case "Decimal" -> "1";
      case "DateTime" -> Instant.now().toString();
      case "CountryCode" -> "DE";
      case "CurrencyCode" -> "EUR";
      default -> "x";
    };
  }

  /** A well-formed global ID of the type the argument's name suggests; a random string if none. */
  private static String id(String name, String subject) {
    String stem = name.replaceAll("Ids?$", "");
    if (name.equals("id") || name.equals("ids")) {
      return GlobalId.encode(subject, NO_SUCH_ID);
    }
    String capitalised = Character.toUpperCase(stem.charAt(0)) + stem.substring(1);
    for (int i = 0; i < capitalised.length(); i++) {
      if (Character.isUpperCase(capitalised.charAt(i)) && schema.getType(capitalised.substring(i)) instanceof GraphQLObjectType) {
        return GlobalId.encode(capitalised.substring(i), NO_SUCH_ID);
      }
    }
    return UUID.randomUUID().toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
