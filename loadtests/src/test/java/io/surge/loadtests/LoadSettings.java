package io.surge.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings every simulation shares, read from {@code -Dsurge.*} system properties (the Gatling
 * Maven plugin forwards Maven's {@code -D} properties to the JVM it forks), and the HTTP protocol
 * and open injection profile built from them.
 *
 * <p>Immutable; built once in a simulation's constructor, on Gatling's start-up thread.
 */
final class LoadSettings {

  final String baseUrl = stripTrailingSlash(prop("surge.baseUrl", "http://127.0.0.1:8080"));
  final String apiKey = requiredProp("surge.apiKey");
  final int ramp = intProp("surge.ramp", 5);
  final int duration = intProp("surge.duration", 30);
  final double maxFailedPct = doubleProp("surge.maxFailedPct", 1.0);

  /** An HTTP protocol that talks only to {@code baseUrl}, with the API key on every request. */
  HttpProtocolBuilder httpProtocol() {
    return http.baseUrl(baseUrl)
        // Gatling's default warm-up request goes to https://gatling.io: stay on the server under test.
        .warmUp(baseUrl + "/health/live")
        .acceptHeader("application/json")
        .contentTypeHeader("application/json")
        .authorizationHeader("Bearer " + apiKey)
        .userAgentHeader("surge-loadtests/gatling");
  }

  /**
   * Open injection: a linear ramp from 1 user/s (or less) to {@code rate} over {@code surge.ramp}
   * seconds, then {@code rate} users/s for {@code surge.duration} seconds. Users arrive whether or
   * not the server keeps up.
   */
  List<OpenInjectionStep> arrivals(double rate) {
    if (rate <= 0 || duration <= 0 || ramp < 0) {
      throw new IllegalArgumentException("need a rate > 0, surge.duration > 0 and surge.ramp >= 0");
    }
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (ramp > 0) {
      steps.add(rampUsersPerSec(Math.min(1.0, rate)).to(rate).during(Duration.ofSeconds(ramp)));
    }
    steps.add(constantUsersPerSec(rate).during(Duration.ofSeconds(duration)));
    return steps;
  }

  /** Injection time plus 60 s to drain: a stalled server cannot keep the run going. */
  Duration maxDuration() {
    return Duration.ofSeconds(ramp + duration + 60L);
  }

  static String prop(String name, String def) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? def : v.trim();
  }

  static int intProp(String name, int def) {
    return Integer.parseInt(prop(name, Integer.toString(def)));
  }

  static double doubleProp(String name, double def) {
    return Double.parseDouble(prop(name, Double.toString(def)));
  }

  private static String requiredProp(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(
          "System property -D" + name + " is required (an API key the server accepts)");
    }
    return v.trim();
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
