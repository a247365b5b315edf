package io.surge.catalog.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Product handles: lower-case words joined by hyphens, safe in a URL. */
public final class Handles {
  private static final Pattern VALID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final int MAX = 120;

  private Handles() {}

  /** "Classic Tee — Blue!" becomes "classic-tee-blue"; a title with no letters or digits gives "product". */
  public static String fromTitle(String title) {
    String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (slug.length() > MAX - 8) {
      slug = slug.substring(0, MAX - 8).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "product" : slug;
  }

  public static boolean valid(String handle) {
    return handle != null && handle.length() <= MAX && VALID.matcher(handle).matches();
  }
}
