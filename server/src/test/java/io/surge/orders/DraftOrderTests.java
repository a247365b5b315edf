package io.surge.orders;

import static io.surge.support.DraftOrderFixture.firstCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.CatalogMother;
import io.surge.support.Db;
import io.surge.support.DraftOrderFixture;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Staff draft orders")
class DraftOrderTests {
  private InventoryFixture inventory;
  private OrderFixture orders;
  private DraftOrderFixture drafts;
  private String sku;
  private String other;
  private String location;

  @BeforeEach
  void world() {
    inventory = InventoryFixture.create(TestNode.shared().admin(), 1, 2);
    orders = new OrderFixture(inventory);
    drafts = new DraftOrderFixture(inventory);
    sku = inventory.skus.get(0);
    other = inventory.skus.get(1);
    location = inventory.locationIds.get(0);
  }

  @Test
  @DisplayName("a draft is made, its lines replaced, and confirmed into an order with source DRAFT and its stock allocated")
  void createEditConfirm() {
    inventory.receive(sku, location, 10);
    inventory.receive(other, location, 5);
    JsonObject draft = drafts.created(drafts.input("dora@example.com", InventoryFixture.lines(sku, 2))
        .put("note", "phone order"));
    assertThat(draft.getString("status")).isEqualTo("OPEN");
    assertThat(draft.getJsonObject("channel").getString("id")).isEqualTo(inventory.channelId);
    assertThat(draft.getString("currencyCode")).isEqualTo("EUR");
    assertThat(draft.getJsonObject("subtotal").getString("amount")).isEqualTo("39.98");
    JsonObject line = draft.getJsonArray("lines").getJsonObject(0);
    assertThat(line.getJsonObject("unitPrice").getString("amount")).isEqualTo("19.99");
    assertThat(line.getBoolean("onSale")).isTrue();
    assertThat(line.getJsonObject("variant").getString("sku")).isEqualTo(sku);
    assertThat(draft.getValue("order")).isNull();
    assertThat(levelOf(sku)).as("a draft reserves nothing").containsExactly(10, 0, 0, 10);

    JsonObject edited = drafts.update(draft.getString("id"), new JsonObject()
        .put("lines", new JsonArray()
            .add(new JsonObject().put("sku", sku).put("quantity", 3)
                .put("discount", new JsonObject().put("amount", "5.00").put("currencyCode", "EUR")))
            .add(new JsonObject().put("sku", other).put("quantity", 1)))
        .put("shippingPrice", new JsonObject().put("amount", "4.90").put("currencyCode", "EUR"))
        .putNull("note"));
    assertThat(edited.getJsonArray("userErrors")).as(edited.encode()).isEmpty();
    JsonObject changed = edited.getJsonObject("draftOrder");
    assertThat(changed.getJsonArray("lines")).hasSize(2);
    assertThat(changed.getJsonObject("subtotal").getString("amount")).isEqualTo("79.96");
    assertThat(changed.getJsonObject("discounts").getString("amount")).isEqualTo("5.00");
    assertThat(changed.getJsonArray("lines").getJsonObject(0).getJsonObject("total").getString("amount"))
        .isEqualTo("54.97");
    assertThat(changed.getJsonObject("shippingPrice").getString("amount")).isEqualTo("4.90");
    assertThat(changed.getValue("note")).as("given as null: cleared").isNull();
    assertThat(changed.getJsonObject("customer").getString("email")).as("left out: kept").isEqualTo("dora@example.com");

    JsonObject confirmed = drafts.confirm(draft.getString("id"), true);
    assertThat(confirmed.getJsonArray("userErrors")).as(confirmed.encode()).isEmpty();
    JsonObject order = confirmed.getJsonObject("order");
    assertThat(order.getString("source")).isEqualTo("DRAFT");
    assertThat(order.getString("status")).isEqualTo("CONFIRMED");
    assertThat(order.getJsonObject("discounts").getString("amount")).isEqualTo("5.00");
    assertThat(order.getJsonObject("shipping").getString("amount")).isEqualTo("4.90");
    assertThat(order.getJsonArray("lines").getJsonObject(0).getInteger("quantityAllocated")).isEqualTo(3);
    assertThat(order.getJsonArray("lines").getJsonObject(1).getInteger("quantityAllocated")).isEqualTo(1);
    JsonObject completed = confirmed.getJsonObject("draftOrder");
    assertThat(completed.getString("status")).isEqualTo("COMPLETED");
    assertThat(completed.getString("completedAt")).isNotNull();
    assertThat(completed.getJsonObject("order").getString("id")).isEqualTo(order.getString("id"));

    assertThat(levelOf(sku)).containsExactly(10, 3, 0, 7);
    assertThat(levelOf(other)).containsExactly(5, 1, 0, 4);
    assertThat(inventory.audit().getBoolean("clean")).isTrue();
    assertThat(drafts.draft(draft.getString("id")).getString("status")).isEqualTo("COMPLETED");
    assertThat(orders.order(order.getString("id")).getString("source")).isEqualTo("DRAFT");
  }

  @Test
  @DisplayName("confirming with too little stock is OUT_OF_STOCK: nothing is taken, and the draft stays OPEN and editable")
  void outOfStock() {
    inventory.receive(sku, location, 2);
    JsonObject draft = drafts.created(drafts.input("short@example.com", InventoryFixture.lines(sku, 5)));
    JsonObject refused = drafts.confirm(draft.getString("id"), false);
    assertThat(firstCode(refused)).isEqualTo("OUT_OF_STOCK");
    assertThat(refused.getValue("order")).isNull();
    assertThat(drafts.draft(draft.getString("id")).getString("status")).isEqualTo("OPEN");
    assertThat(levelOf(sku)).containsExactly(2, 0, 0, 2);
    assertThat(ordersOfDraftCustomer("short@example.com")).isZero();

    JsonObject fewer = drafts.update(draft.getString("id"), new JsonObject().put("lines", InventoryFixture.lines(sku, 2)));
    assertThat(fewer.getJsonArray("userErrors")).as(fewer.encode()).isEmpty();
    JsonObject confirmed = drafts.confirm(draft.getString("id"), false);
    assertThat(confirmed.getJsonArray("userErrors")).as(confirmed.encode()).isEmpty();
    assertThat(confirmed.getJsonObject("order").getString("status")).isEqualTo("PENDING");
    assertThat(levelOf(sku)).containsExactly(2, 2, 0, 0);
  }

  @Test
  @DisplayName("a confirmed draft cannot be edited, deleted or confirmed again: INVALID_STATE")
  void confirmedIsFinal() {
    inventory.receive(sku, location, 5);
    JsonObject draft = drafts.created(drafts.input("final@example.com", InventoryFixture.lines(sku, 1)));
    String id = draft.getString("id");
    assertThat(drafts.confirm(id, true).getJsonArray("userErrors")).isEmpty();

    JsonObject edit = drafts.update(id, new JsonObject().put("note", "too late"));
    assertThat(firstCode(edit)).isEqualTo("INVALID_STATE");
    assertThat(edit.getValue("draftOrder")).isNull();
    assertThat(firstCode(drafts.delete(id))).isEqualTo("INVALID_STATE");
    assertThat(firstCode(drafts.confirm(id, true))).isEqualTo("INVALID_STATE");
    assertThat(drafts.draft(id).getValue("note")).isNull();
    assertThat(ordersOfDraftCustomer("final@example.com")).isEqualTo(1);
    assertThat(levelOf(sku)).containsExactly(5, 1, 0, 4);
  }

  @Test
  @DisplayName("a draft may be incomplete; confirming it names what is missing, and unknown SKUs are refused at once")
  void incompleteDraft() {
    inventory.receive(sku, location, 5);
    JsonObject unknown = drafts.create(new JsonObject().put("channelId", inventory.channelId)
        .put("lines", InventoryFixture.lines("NO-SUCH-" + CatalogMother.unique("SKU"), 1)));
    assertThat(firstCode(unknown)).isEqualTo("NOT_FOUND");
    assertThat(unknown.getJsonArray("userErrors").getJsonObject(0).getJsonArray("field").getList())
        .containsExactly("input", "lines", "0", "sku");

    JsonObject bare = drafts.created(new JsonObject().put("channelId", inventory.channelId)
        .put("lines", InventoryFixture.lines(sku, 1)));
    assertThat(bare.getValue("customer")).isNull();
    JsonObject refused = drafts.confirm(bare.getString("id"), false);
    List<String> fields = new ArrayList<>();
    refused.getJsonArray("userErrors").forEach(e -> fields.add(String.join(".",
        ((JsonObject) e).getJsonArray("field").getList())));
    assertThat(fields).contains("input.customer.email", "input.shippingAddress");
    assertThat(drafts.draft(bare.getString("id")).getString("status")).isEqualTo("OPEN");
    assertThat(levelOf(sku)).containsExactly(5, 0, 0, 5);
  }

  @Test
  @DisplayName("open drafts are listed newest first and can be deleted")
  void listAndDelete() {
    String first = drafts.created(drafts.input("list@example.com", InventoryFixture.lines(sku, 1))).getString("id");
    String second = drafts.created(drafts.input("list@example.com", InventoryFixture.lines(other, 1))).getString("id");
    var page = inventory.admin.query("{ draftOrders(first: 100, status: OPEN) { totalCount edges { node { id status } } pageInfo { hasNextPage } } }");
    assertThat(page.errors()).as(page.body().encode()).isNull();
    List<String> ids = new ArrayList<>();
    page.data().getJsonObject("draftOrders").getJsonArray("edges")
        .forEach(edge -> ids.add(((JsonObject) edge).getJsonObject("node").getString("id")));
    assertThat(ids).contains(first, second);
    assertThat(ids.indexOf(second)).isLessThan(ids.indexOf(first));
    assertThat(page.data().getJsonObject("draftOrders").getInteger("totalCount")).isGreaterThanOrEqualTo(2);

    JsonObject deleted = drafts.delete(first);
    assertThat(deleted.getJsonArray("userErrors")).isEmpty();
    assertThat(deleted.getString("deletedDraftOrderId")).isEqualTo(first);
    assertThat(drafts.draft(first)).isNull();
    var node = inventory.admin.query("query($id: ID!) { node(id: $id) { id ... on DraftOrder { status } } }",
        Map.of("id", second));
    assertThat(node.data().getJsonObject("node").getString("status")).isEqualTo("OPEN");
  }

  @Test
  @DisplayName("drafts are for staff: a CHANNEL key is FORBIDDEN and node(id:) finds nothing")
  void staffOnly() {
    String id = drafts.created(drafts.input("staff@example.com", InventoryFixture.lines(sku, 1))).getString("id");
    var channelClient = inventory.storefront();
    var create = channelClient.query("mutation($input: CreateDraftOrderInput!) { createDraftOrder(input: $input) { draftOrder { id } userErrors { code } } }",
        Map.of("input", drafts.input("x@example.com", InventoryFixture.lines(sku, 1))));
    assertThat(create.errorCode()).isEqualTo("FORBIDDEN");
    var node = channelClient.query("query($id: ID!) { node(id: $id) { id } }", Map.of("id", id));
    assertThat(node.errors()).isNull();
    assertThat(node.data().getValue("node")).isNull();
  }

  /** onHand, allocated, reserved, available of a SKU at the fixture's location. */
  private List<Integer> levelOf(String variantSku) {
    JsonObject level = orders.level(variantSku, location);
    return List.of(level.getInteger("onHand"), level.getInteger("allocated"), level.getInteger("reserved"),
        level.getInteger("available"));
  }

  private long ordersOfDraftCustomer(String email) {
    return Db.count(TestNode.shared().pgUrl(), "SELECT count(*) FROM sales_order WHERE customer_email = ? AND source = 'DRAFT'",
        email);
  }
}
