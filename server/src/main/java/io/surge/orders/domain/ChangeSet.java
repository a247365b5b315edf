package io.surge.orders.domain;

import java.util.List;
import java.util.Map;

/**
 * Everything one order operation changes, computed by {@link OrderPlans} from the locked state
 * and written in the same transaction: new line and fulfilment-line quantities, fulfilment order
 * statuses, the order's status, stock counter changes with their ledger rows, and a history row.
 *
 * @param lines changed order lines, with their new quantities
 * @param fulfillmentLines changed fulfilment order lines, with their new quantities
 * @param fulfillmentStatuses fulfilment order id to its new status (and held-from status when on hold)
 * @param added units routed to a location, added to that location's fulfilment order (made if missing)
 * @param stock stock counter changes, one per pool and kind
 * @param history whether to write a history row even when the status does not change
 */
public record ChangeSet(long orderId, OrderStatus from, OrderStatus to, OrderStatus heldFrom, String holdReason,
    String paymentStatus, List<OrderLine> lines, List<FulfillmentOrderLine> fulfillmentLines,
    Map<Long, FulfillmentStatus> fulfillmentStatuses, List<AddedUnits> added, List<StockDelta> stock,
    String actor, String reason, boolean history) {

  /** A fulfilment order's new status; heldFrom is set only when it goes ON_HOLD. */
  public record FulfillmentStatus(String status, String heldFrom) {}

  /** Units of an order line newly routed to a location. */
  public record AddedUnits(long locationId, int lineNo, long variantId, int quantity) {}

  /**
   * A change of one pool's counters with its ledger row.
   *
   * @param kind the ledger kind (SHIP, DEALLOCATE, ALLOCATE)
   */
  public record StockDelta(long variantId, long locationId, int onHand, int allocated, String kind, int quantity) {

    /** The change of what the hot store calls available (on hand minus promised). */
    public int sellable() {
      return onHand - allocated;
    }
  }
}
