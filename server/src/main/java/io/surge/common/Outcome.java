package io.surge.common;

import java.util.List;

/**
 * What a use case returns when it may be refused for business reasons: the value, or the user
 * errors that explain why there is none. Exceptions stay for broken invariants.
 */
public record Outcome<T>(T value, List<UserError> errors) {

  public static <T> Outcome<T> ok(T value) {
    return new Outcome<>(value, List.of());
  }

  public static <T> Outcome<T> refused(List<UserError> errors) {
    return new Outcome<>(null, List.copyOf(errors));
  }

  public static <T> Outcome<T> refused(UserError error) {
    return new Outcome<>(null, List.of(error));
  }

  public boolean isOk() {
    return errors.isEmpty();
  }
}
