package io.surge.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque global IDs: base64url of {@code Type:id}. Clients must treat them as opaque; the type
 * inside lets {@code node(id:)} find the object and lets a mutation reject an ID of another type.
 */
public record GlobalId(String type, long id) {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  public static String encode(String type, long id) {
    return ENCODER.encodeToString((type + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes any Surge ID; a malformed one is {@code BAD_USER_INPUT}. */
  public static GlobalId decode(String value) {
    if (value == null || value.length() > 200) {
      throw ApiException.badInput("invalid ID");
    }
    try {
      String raw = new String(DECODER.decode(value), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      if (colon <= 0) {
        throw ApiException.badInput("invalid ID");
      }
      return new GlobalId(raw.substring(0, colon), Long.parseLong(raw.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw ApiException.badInput("invalid ID");
    }
  }

  /** Decodes an ID that must be of {@code type}; any other is {@code BAD_USER_INPUT}. */
  public static long decode(String value, String type) {
    GlobalId id = decode(value);
    if (!id.type().equals(type)) {
      throw ApiException.badInput("ID is not a " + type + " ID");
    }
    return id.id();
  }
}
