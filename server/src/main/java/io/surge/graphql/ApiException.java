package io.surge.graphql;

import java.util.Map;

/**
 * A request Surge refuses as a whole or in one field: carries the code and a message safe to show
 * a client. Business outcomes of mutations are {@code userErrors}, not this.
 */
public final class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final Map<String, Object> details;
  private final int httpStatus;

  public ApiException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  public ApiException(ErrorCode code, String message, Map<String, Object> details) {
    this(code, message, details, code.httpStatus());
  }

  /** For refusals whose HTTP status says more than the code's usual one (413 for a body too large). */
  public ApiException(ErrorCode code, String message, Map<String, Object> details, int httpStatus) {
    super(message, null, false, false);
    this.code = code;
    this.details = details;
    this.httpStatus = httpStatus;
  }

  /** The HTTP status when this refuses a whole request. */
  public int httpStatus() {
    return httpStatus;
  }

  public ErrorCode code() {
    return code;
  }

  /** Extra {@code extensions} entries, e.g. which limit was hit. */
  public Map<String, Object> details() {
    return details;
  }

  public static ApiException badInput(String message) {
    return new ApiException(ErrorCode.BAD_USER_INPUT, message);
  }

}
