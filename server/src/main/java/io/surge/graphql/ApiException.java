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

  /** 503 OVERLOADED with {@code Retry-After: 1}: the node is busy now, the same request may be sent again. */
  public static ApiException overloaded(String reason) {
    return new ApiException(ErrorCode.OVERLOADED, reason + "; retry after 1 second",
        Map.of("retryable", true, "retryAfterSeconds", 1));
  }

  /** 429 RATE_LIMITED with the seconds until the caller's bucket holds a token again. */
  public static ApiException rateLimited(long retryAfterSeconds) {
    return new ApiException(ErrorCode.RATE_LIMITED, "rate limit exceeded; retry after " + retryAfterSeconds
        + (retryAfterSeconds == 1 ? " second" : " seconds"),
        Map.of("retryable", true, "retryAfterSeconds", retryAfterSeconds));
  }

}
