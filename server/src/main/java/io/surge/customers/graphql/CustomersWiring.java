package io.surge.customers.graphql;

import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.customers.CustomerService;
import io.surge.customers.domain.Customer;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.Input;
import io.surge.graphql.SchemaWiring;
import io.surge.orders.domain.CustomerInfo;
import java.util.List;

/**
 * Wires the customer mutations of {@code orders.graphqls}. The SDL's {@code Customer} type is the
 * orders domain's {@link CustomerInfo} (an order's customer), so a changed customer is answered
 * as one.
 */
public final class CustomersWiring implements DomainWiring {
  private final CustomerService service;

  public CustomersWiring(CustomerService service) {
    this.service = service;
  }

  /** The payload of customer mutations. */
  public record CustomerPayload(CustomerInfo customer, List<UserError> userErrors) {
    static CustomerPayload of(Outcome<Customer> outcome) {
      Customer customer = outcome.value();
      return new CustomerPayload(customer == null ? null
          : new CustomerInfo(customer.email(), customer.name(), customer.phone(), customer.tier()),
          outcome.errors());
    }
  }

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.source("CustomerPayload", CustomerPayload.class)
        .mutation("setCustomerTier", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.setTier(input.string("email"), input.string("tier")).map(CustomerPayload::of);
        }));
  }
}
