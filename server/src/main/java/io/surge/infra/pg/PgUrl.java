package io.surge.infra.pg;

import io.vertx.pgclient.PgConnectOptions;

/**
 * Turns a {@code postgresql://user:pass@host:port/db} URL into what each client needs: reactive
 * connect options for the server, a JDBC URL plus credentials for Flyway.
 */
public record PgUrl(String host, int port, String database, String user, String password) {

  public static PgUrl parse(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return new PgUrl(options.getHost(), options.getPort(), options.getDatabase(),
        options.getUser(), options.getPassword());
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setPipeliningLimit(256);
  }

  public PgUrl withDatabase(String otherDatabase) {
    return new PgUrl(host, port, otherDatabase, user, password);
  }

  public String url() {
    return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
  }
}
