package io.pharos;

import java.security.SecureRandom;

/** Random identifiers in base62, the shape the seed shows ("TWl5sx6tUPCiZ"). */
public final class Ids {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** {@code length} base62 characters: about 5.95 bits of randomness each. */
    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** A run id: 14 characters (83 bits), within the 16 Nextflow's client accepts. */
    public static String workflowId() {
        return random(14);
    }

    /** Ids of compute environments and launches: 22 characters like the seed's. */
    public static String entityId() {
        return random(22);
    }

    public static boolean isBase62(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
