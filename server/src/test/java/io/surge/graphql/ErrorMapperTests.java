package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Failures of PostgreSQL reach clients as UNAVAILABLE, retryable")
class ErrorMapperTests {

  static Stream<Throwable> outages() {
    return Stream.of(
        new ConnectException("Connection refused: /127.0.0.1:5432"),
        // Seen in PostgresOutageTests: a connection PostgreSQL reset while it shut down came out INTERNAL.
        new SocketException("Connection reset"),
        ClosedConnectionException.INSTANCE,
        new PgException("the database system is shutting down", "FATAL", "57P03", null),
        new PgException("terminating connection due to administrator command", "FATAL", "57P01", null),
        new CompletionException(new SocketException("Connection reset")));
  }

  @ParameterizedTest
  @MethodSource("outages")
  @DisplayName("a lost or refused PostgreSQL connection is UNAVAILABLE with retryable: true")
  void outageIsUnavailable(Throwable failure) {
    ApiException mapped = ErrorMapper.translate(failure);
    assertThat(mapped.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(mapped.details()).isEqualTo(Map.of("retryable", true));
  }
}
