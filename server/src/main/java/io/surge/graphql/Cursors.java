package io.surge.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque Relay cursors over a numeric sort key. */
public final class Cursors {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Cursors() {}

  public static String encode(long key) {
    return ENCODER.encodeToString(("cursor:" + key).getBytes(StandardCharsets.UTF_8));
  }

  public static long decode(String cursor) {
    try {
      String raw = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
      if (!raw.startsWith("cursor:")) {
        throw ApiException.badInput("invalid cursor");
      }
      return Long.parseLong(raw.substring("cursor:".length()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badInput("invalid cursor");
    }
  }
}
