package io.surge.loadtests.rate;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one FixedRate run sends, parsed from the command line ({@link #USAGE}).
 *
 * @param host server host, from the URL
 * @param port server port (80 when the URL has none)
 * @param path path and query of the URL, e.g. {@code /graphql}
 * @param url the URL as given, for the report
 * @param body request body, or {@code null} for a GET (no body file, or an empty one)
 * @param authorization value of the Authorization header, or {@code null} for none
 * @param schedule rate, warm-up and duration
 * @param connections most keep-alive connections open at once
 * @param timeoutNanos a request not answered this long after its intended start is given up
 */
public record Settings(
    String host,
    int port,
    String path,
    String url,
    byte[] body,
    String authorization,
    Schedule schedule,
    int connections,
    long timeoutNanos) {

  public static final String USAGE =
      """
      Usage: java -jar loadtests/target/fixed-rate.jar --rate N [options] URL

      Constant-rate (open model) HTTP load, like wrk2: request i is due at start + i/rate whether
      or not earlier requests were answered, and its latency counts from that intended start, so
      time spent queueing behind a slow server (or for a free connection) is part of it.

        URL                 http://host[:port]/path (plain HTTP)
        --rate N            requests per second (required; decimals allowed)
        --duration D        measured time, default 20s (D: 20s, 1m, 1h, 500ms; a bare number is seconds)
        --warmup D          sent first at the same rate, not recorded, default 0
        --body FILE         POST FILE's bytes with Content-Type: application/json
                            (no --body, or an empty FILE: GET)
        --auth VALUE        Authorization header value, e.g. "Bearer <key>"
        --auth-file FILE    the same, read from FILE (keeps a key out of `ps`); empty FILE = no header
        --connections N     at most N keep-alive HTTP/1.1 connections, default 64; a request finding
                            all busy waits for one, oldest first (that wait counts in its latency)
        --timeout D         a request unanswered D after its intended start is given up and counted
                            as a timeout (recorded at that age; if it was still waiting for a
                            connection it is not sent at all), default 2s
        -h, --help          this text

      Options also take the form --name=value. Progress goes to stderr every 5 s; the report to
      stdout: Requests/sec, wrk2-style percentile lines (" 99.000%    3.10ms") and one line
      SURGE_RATE sent= responses= non2xx= gqlerrors= socket= p50_ms= p99_ms= max_ms= (then
      timeouts= unsent= connect= unanswered= rps= send_lag_max_ms=). gqlerrors counts 2xx
      answers whose body contains "errors" or "code" (a GraphQL error or a mutation's
      userError); socket = connection errors + timeouts + requests still unanswered at the end;
      send_lag_max_ms = the most a request was sent after its intended start by this client.
      Exit status: 0 done, 1 nothing at all was answered, 2 bad usage.
      """;

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  /** Bad command line: main prints the message and exits 2. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }

  /** Parses the arguments; {@code --help} is the caller's business (it is not an error). */
  public static Settings parse(String[] args) throws UsageException {
    String url = null;
    String rate = null;
    String duration = "20s";
    String warmup = "0";
    String bodyFile = null;
    String auth = null;
    String authFile = null;
    String connections = "64";
    String timeout = "2s";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        if (url != null) {
          throw new UsageException("more than one URL: '" + url + "' and '" + arg + "'");
        }
        url = arg;
        continue;
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException(arg + " needs a value");
      }
      switch (name) {
        case "--rate" -> rate = value;
        case "--duration" -> duration = value;
        case "--warmup" -> warmup = value;
        case "--body" -> bodyFile = value;
        case "--auth" -> auth = value;
        case "--auth-file" -> authFile = value;
        case "--connections" -> connections = value;
        case "--timeout" -> timeout = value;
        default -> throw new UsageException("unknown option " + name);
      }
    }

    if (url == null) {
      throw new UsageException("no URL");
    }
    if (rate == null) {
      throw new UsageException("--rate is required");
    }
    if (auth != null && authFile != null) {
      throw new UsageException("--auth and --auth-file: give one");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UsageException("bad URL '" + url + "': " + e.getMessage());
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new UsageException("URL must be http://host[:port]/path, got '" + url + "'");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }

    double perSecond;
    try {
      perSecond = Double.parseDouble(rate);
    } catch (NumberFormatException e) {
      throw new UsageException("--rate must be a number, got '" + rate + "'");
    }
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new UsageException("--rate must be > 0, got '" + rate + "'");
    }
    long durationNanos = nanos("--duration", duration);
    long warmupNanos = nanos("--warmup", warmup);
    long timeoutNanos = nanos("--timeout", timeout);
    if (durationNanos <= 0 || timeoutNanos <= 0) {
      throw new UsageException("--duration and --timeout must be > 0");
    }
    int maxConnections;
    try {
      maxConnections = Integer.parseInt(connections);
    } catch (NumberFormatException e) {
      maxConnections = 0;
    }
    if (maxConnections < 1) {
      throw new UsageException("--connections must be a whole number >= 1, got '" + connections + "'");
    }
    Schedule schedule = new Schedule(perSecond, warmupNanos, durationNanos);
    if (schedule.total() > Integer.MAX_VALUE) {
      throw new UsageException("more than " + Integer.MAX_VALUE + " requests: lower --rate or --duration");
    }

    byte[] body = null;
    if (bodyFile != null) {
      body = read("--body", bodyFile);
      if (body.length == 0) {
        body = null;  // as wrk/graphql-post.lua: an empty body means GET
      }
    }
    if (authFile != null) {
      auth = new String(read("--auth-file", authFile), java.nio.charset.StandardCharsets.UTF_8).strip();
    }
    if (auth != null && auth.isEmpty()) {
      auth = null;
    }

    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    return new Settings(uri.getHost(), port, path, url, body, auth, schedule, maxConnections, timeoutNanos);
  }

  /** wrk's duration syntax (20s, 2m, 1h; a bare number is seconds), plus ms for short runs. */
  static long nanos(String option, String text) throws UsageException {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageException(option + " must look like 20s, 2m, 500ms or 20, got '" + text + "'");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double seconds = switch (unit) {
      case "ms" -> value / 1000;
      case "m" -> value * 60;
      case "h" -> value * 3600;
      default -> value;
    };
    return Math.round(seconds * 1e9);
  }

  private static byte[] read(String option, String file) throws UsageException {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new UsageException(option + ": cannot read " + file + ": " + e);
    }
  }
}
