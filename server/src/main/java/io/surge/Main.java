package io.surge;

import io.surge.access.domain.ApiKeySecret;
import io.surge.app.SurgeConfig;
import io.surge.app.SurgeNode;
import io.surge.orders.cli.ImportOrdersCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Surge node from {@code SURGE_*} environment variables, in order: configuration,
 * embedded PostgreSQL and Redis when none are configured, migrations, demo data, the HTTP
 * verticles. SIGTERM stops it cleanly (stop accepting, drain, close pools, stop embedded services).
 * With arguments it runs a command instead and exits: {@code import-orders} (see
 * {@link ImportOrdersCommand}) or {@code help}; anything else is refused rather than starting a
 * server nobody asked for.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private static final String USAGE = """
      usage: java -jar server/target/surge-server.jar                    start a node (SURGE_* variables)
             java -jar server/target/surge-server.jar import-orders ...  import orders into a running node
             java -jar server/target/surge-server.jar import-orders --help""";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      System.exit(command(args));
      return;
    }
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

  /** Runs the command {@code args} names; returns the exit code. */
  private static int command(String[] args) {
    switch (args[0]) {
      case "import-orders":
        return ImportOrdersCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
      case "help":
      case "--help":
      case "-h":
        System.out.println(USAGE);
        return 0;
      default:
        System.err.println("unknown command: " + args[0]);
        System.err.println(USAGE);
        return 2;
    }
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
