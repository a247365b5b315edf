package io.surge.customers;

import io.surge.common.Outcome;
import io.surge.common.Validation;
import io.surge.customers.domain.Customer;
import io.surge.customers.persistence.PgCustomerRepository;
import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Setting a customer's tier. Order placement caches tiers per node, so the service tells
 * {@code tierChanged} (with the e-mail) once a change is stored: that node's cache forgets it at
 * once, other nodes' caches within a minute. Non-blocking; shared by all event loops.
 */
public final class CustomerService {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private final PgCustomerRepository customers;
  private final Consumer<String> tierChanged;

  public CustomerService(PgCustomerRepository customers, Consumer<String> tierChanged) {
    this.customers = customers;
    this.tierChanged = tierChanged;
  }

  /** Sets the tier of the customer with this e-mail (any case); a new e-mail becomes a customer. */
  public Future<Outcome<Customer>> setTier(String email, String tier) {
    Validation validation = new Validation().text(email, 254, "input", "email");
    validation.check(email == null || email.isBlank() || EMAIL.matcher(email).matches(), "INVALID",
        "not an e-mail address", "input", "email");
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    return customers.upsertTier(email, tier).map(customer -> {
      tierChanged.accept(email);
      return Outcome.ok(customer);
    });
  }
}
