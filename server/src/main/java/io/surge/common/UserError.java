package io.surge.common;

import java.util.List;

/**
 * A business outcome that refused a mutation or part of it, for the payload's {@code userErrors}.
 *
 * @param field path of the input field at fault, e.g. {@code ["input", "variants", "0", "sku"]}
 * @param code one of the SDL's {@code UserErrorCode} values
 */
public record UserError(List<String> field, String code, String message) {

  public static UserError of(String code, String message, String... field) {
    return new UserError(List.of(field), code, message);
  }

  public static UserError invalid(String message, String... field) {
    return of("INVALID", message, field);
  }

  public static UserError notFound(String message, String... field) {
    return of("NOT_FOUND", message, field);
  }

  public static UserError taken(String message, String... field) {
    return of("TAKEN", message, field);
  }
}
