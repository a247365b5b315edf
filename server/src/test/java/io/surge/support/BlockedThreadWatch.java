package io.surge.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Vert.x logged a blocked-thread warning while it ran: blocking an event
 * loop is a bug even when the test's own assertions pass.
 */
public final class BlockedThreadWatch implements BeforeAllCallback, AfterAllCallback {
  /** The logger Vert.x 5's BlockedThreadChecker writes to. */
  static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
  private static final List<String> WARNINGS = new CopyOnWriteArrayList<>();
  private static boolean installed;

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
    WARNINGS.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!WARNINGS.isEmpty()) {
      throw new AssertionError("Vert.x reported blocked event loops: " + WARNINGS);
    }
  }

  /** Warnings seen since the current class started (for the test that proves the watch works). */
  public static List<String> warnings() {
    return List.copyOf(WARNINGS);
  }

  /** Forgets what was seen (for the test that provokes a warning on purpose). */
  static void clear() {
    WARNINGS.clear();
  }

  static synchronized void install() {
    if (installed) {
      return;
    }
    Logger logger = (Logger) LoggerFactory.getLogger(CHECKER_LOGGER);
    AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        WARNINGS.add(event.getThreadName() + ": " + event.getFormattedMessage());
      }
    };
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
    installed = true;
  }
}
