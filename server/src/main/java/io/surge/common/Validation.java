package io.surge.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects the user errors of one input before anything is written, so a client learns every
 * problem at once. Not thread-safe; one per request.
 */
public final class Validation {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private final List<UserError> errors = new ArrayList<>();

  /** A non-blank text of at most {@code max} characters. */
  public Validation text(String value, int max, String... field) {
    if (value == null || value.isBlank()) {
      errors.add(UserError.of("REQUIRED", "must not be blank", field));
    } else if (value.length() > max) {
      errors.add(UserError.of("TOO_LONG", "must be at most " + max + " characters", field));
    }
    return this;
  }

  /** An optional text: null is fine, blank or too long is not. */
  public Validation optionalText(String value, int max, String... field) {
    return value == null ? this : text(value, max, field);
  }

  /** An identifier-like code: letters, digits, {@code _ . -}, at most {@code max} characters. */
  public Validation code(String value, int max, String... field) {
    text(value, max, field);
    if (value != null && !value.isBlank() && value.length() <= max && !CODE.matcher(value).matches()) {
      errors.add(UserError.invalid("may contain only letters, digits, '_', '.' and '-'", field));
    }
    return this;
  }

  public Validation check(boolean ok, String code, String message, String... field) {
    if (!ok) {
      errors.add(UserError.of(code, message, field));
    }
    return this;
  }

  public Validation add(UserError error) {
    errors.add(error);
    return this;
  }

  public boolean failed() {
    return !errors.isEmpty();
  }

  public List<UserError> errors() {
    return errors;
  }

  /** A field path extended by more names, e.g. input.address + line1. */
  public static String[] at(String[] prefix, String... rest) {
    String[] path = java.util.Arrays.copyOf(prefix, prefix.length + rest.length);
    System.arraycopy(rest, 0, path, prefix.length, rest.length);
    return path;
  }

  /** The field path of element {@code index} of a list input, e.g. input.variants.3.sku. */
  public static String[] path(String[] prefix, int index, String... rest) {
    String[] path = new String[prefix.length + 1 + rest.length];
    System.arraycopy(prefix, 0, path, 0, prefix.length);
    path[prefix.length] = Integer.toString(index);
    System.arraycopy(rest, 0, path, prefix.length + 1, rest.length);
    return path;
  }
}
