package io.surge.audit.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Blanks out what must never reach the audit log: the value of any field, at any depth, whose
 * name contains secret, password, token or key. Also replaces NUL characters, which PostgreSQL
 * cannot store in jsonb: one such value would make it refuse the whole batch of entries it
 * arrived with. Pure; thread-safe.
 */
public final class Redaction {
  public static final String REDACTED = "[REDACTED]";
  private static final Pattern SENSITIVE = Pattern.compile("(?i).*(secret|password|token|key).*");

  private Redaction() {}

  /** A redacted copy of a variables map (maps and lists copied, other values kept). */
  public static Map<String, Object> redact(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((name, value) ->
        copy.put(storable(name), SENSITIVE.matcher(name).matches() ? REDACTED : redactValue(value)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object redactValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return redact((Map<String, ?>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(element -> copy.add(redactValue(element)));
      return copy;
    }
    return value instanceof String text ? storable(text) : value;
  }

  private static String storable(String text) {
    return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
  }
}
