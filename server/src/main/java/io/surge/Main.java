package io.surge;

import io.surge.access.domain.ApiKeySecret;
import io.surge.app.SurgeConfig;
import io.surge.app.SurgeNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Surge node from {@code SURGE_*} environment variables, in order: configuration,
 * embedded PostgreSQL and Redis when none are configured, migrations, demo data, the HTTP
 * verticles. SIGTERM stops it cleanly (stop accepting, drain, close pools, stop embedded services).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    SurgeConfig config = SurgeConfig.fromEnv(System.getenv());
    Optional<String> generatedKey = Optional.empty();
    if (config.adminKey().isEmpty() && config.demo()) {
      String key = demoAdminKey(config.dataDir());
      config = config.withAdminKey(key);
      generatedKey = Optional.of(key);
    }
    SurgeNode node;
    try {
      node = SurgeNode.start(config);
    } catch (Exception e) {
      log.error("Surge failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
      } catch (Exception e) {
        log.warn("shutdown did not finish cleanly", e);
      }
    }, "surge-shutdown"));
    String base = "http://" + config.httpHost() + ":" + config.httpPort();
    System.out.println();
    System.out.println("  Surge is running.  GraphiQL: " + base + "/graphiql   GraphQL: " + base + "/graphql");
    generatedKey.ifPresent(key -> {
      System.out.println("  Demo admin key (send as 'Authorization: Bearer <key>'): " + key);
      System.out.println("  In GraphiQL, open Headers and paste: {\"Authorization\": \"Bearer " + key + "\"}");
    });
    System.out.println();
  }

  /**
   * Demo mode only: the admin key generated on the first start, kept (owner-readable only) in the
   * data directory so a restart of the demo prints the same key. Set SURGE_ADMIN_KEY otherwise.
   */
  private static String demoAdminKey(Path dataDir) throws IOException {
    Path file = dataDir.resolve("demo-admin-key");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    Files.createDirectories(dataDir);
    String key = ApiKeySecret.generate();
    Files.writeString(file, key);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system: the file keeps the default permissions.
    }
    return key;
  }
}
