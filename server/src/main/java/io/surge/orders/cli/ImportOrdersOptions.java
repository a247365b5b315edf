package io.surge.orders.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** The {@code import-orders} command line, checked: what is wrong is an IllegalArgumentException saying so. */
record ImportOrdersOptions(String url, String key, String channel, Path file, boolean reject, int chunkSize) {

  static ImportOrdersOptions parse(String[] args, Map<String, String> env) {
    String url = "http://127.0.0.1:8080";
    String key = env.get("SURGE_API_KEY");
    String channel = null;
    String file = null;
    String policy = "skip";
    String chunk = Integer.toString(ImportOrdersCommand.MAX_CHUNK);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--url" -> url = value;
        case "--key" -> key = value;
        case "--channel" -> channel = value;
        case "--file" -> file = value;
        case "--policy" -> policy = value;
        case "--chunk-size" -> chunk = value;
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("give --key (or set SURGE_API_KEY)");
    }
    if (channel == null || file == null) {
      throw new IllegalArgumentException("give --channel and --file");
    }
    if (!policy.equals("skip") && !policy.equals("reject")) {
      throw new IllegalArgumentException("--policy is skip or reject, not " + policy);
    }
    int chunkSize;
    try {
      chunkSize = Integer.parseInt(chunk);
    } catch (NumberFormatException e) {
      chunkSize = 0;
    }
    if (chunkSize < 1 || chunkSize > ImportOrdersCommand.MAX_CHUNK) {
      throw new IllegalArgumentException("--chunk-size is 1 to " + ImportOrdersCommand.MAX_CHUNK);
    }
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
        throw new IllegalArgumentException("--url must be http(s)://host:port, not " + url);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url must be http(s)://host:port, not " + url);
    }
    return new ImportOrdersOptions(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, key, channel, Path.of(file),
        policy.equals("reject"), chunkSize);
  }
}
