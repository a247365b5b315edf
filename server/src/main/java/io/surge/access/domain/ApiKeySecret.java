package io.surge.access.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API key secrets: {@code surge_} followed by 32 random bytes, base64url. Only their SHA-256 is
 * stored: with 256 bits of entropy a fast hash is enough (no dictionary to attack), and lookup by
 * hash keeps authentication to one indexed read.
 */
public final class ApiKeySecret {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "surge_";
  private static final int PREFIX_SHOWN = 12;

  private ApiKeySecret() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The start of a secret, shown in key lists to tell keys apart. */
  public static String prefixOf(String secret) {
    return secret.substring(0, Math.min(PREFIX_SHOWN, secret.length()));
  }

  /** Whether a string could be a key at all; cheap check before hashing and a database read. */
  public static boolean plausible(String secret) {
    return secret.length() >= 16 && secret.length() <= 256;
  }

  /** Constant-time comparison of two hashes. */
  public static boolean sameHash(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
