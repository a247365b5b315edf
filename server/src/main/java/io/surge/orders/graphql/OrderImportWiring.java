package io.surge.orders.graphql;

import io.surge.access.domain.Principal;
import io.surge.common.UserError;
import io.surge.graphql.ApiException;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.GlobalId;
import io.surge.graphql.Input;
import io.surge.graphql.RequestContext;
import io.surge.graphql.SchemaWiring;
import io.surge.orders.OrderImport;
import io.surge.orders.OrderImport.ErrorPolicy;
import io.surge.orders.OrderImport.ImportReport;
import io.surge.orders.OrderImport.ImportResult;
import io.surge.orders.OrderImport.Item;
import java.util.ArrayList;
import java.util.List;

/** Wires {@code order-import.graphqls}: the bulk import of orders taken elsewhere. */
public final class OrderImportWiring implements DomainWiring {
  private final OrderImport imports;

  public OrderImportWiring(OrderImport imports) {
    this.imports = imports;
  }

  public record ImportOrdersPayload(int placed, int failed, int duplicates, List<ImportResult> results,
      List<UserError> userErrors) {}

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.source("ImportOrdersPayload", ImportOrdersPayload.class)
        .source("ImportResult", ImportResult.class)
        .field("ImportResult", "existingOrderId", env -> {
          Long existing = ((ImportResult) env.getSource()).existingOrderId();
          return existing == null ? null : GlobalId.encode("Order", existing);
        })
        .mutation("importOrders", AsyncFetcher.of(env -> {
          Principal caller = RequestContext.of(env).requirePrincipal();
          Input input = Input.of(env);
          long channelId = input.id("channelId", "Channel");
          List<Input> orders = input.objects("orders");
          if (orders.size() > OrderImport.MAX_ORDERS) {
            throw ApiException.badInput("at most " + OrderImport.MAX_ORDERS + " orders per import, not "
                + orders.size() + ": split them");
          }
          String policy = input.string("errorPolicy");
          return imports.run(caller, channelId, items(orders, channelId),
                  policy == null ? ErrorPolicy.SKIP_INVALID : ErrorPolicy.valueOf(policy))
              .map(OrderImportWiring::payload);
        }));
  }

  /** Each order's request; an order whose input cannot be read (e.g. money with too many decimals) fails alone. */
  private static List<Item> items(List<Input> orders, long channelId) {
    List<Item> items = new ArrayList<>(orders.size());
    for (Input order : orders) {
      String reference = order.string("externalReference");
      try {
        items.add(new Item(reference, OrderInputs.placeRequest(order, channelId, "IMPORT"), null));
      } catch (ApiException e) {
        items.add(new Item(reference, null, UserError.invalid(e.getMessage(), "input")));
      }
    }
    return items;
  }

  private static ImportOrdersPayload payload(ImportReport report) {
    return new ImportOrdersPayload(report.placed(), report.failed(), report.duplicates(), report.results(),
        report.userErrors());
  }
}
