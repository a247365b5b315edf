package io.surge.graphql;

/** The {@code extensions.code} of every GraphQL error Surge returns, and its HTTP status at the edge. */
public enum ErrorCode {
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  BAD_USER_INPUT(400),
  NOT_FOUND(404),
  IDEMPOTENCY_KEY_REUSED(409),
  RATE_LIMITED(429),
  OVERLOADED(503),
  UNAVAILABLE(503),
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
