// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import java.util.HashMap;
import java.util.Map;

/**
 * The key-value list shared by OAUTHBEARER (RFC 7628 §3.1) and Google's XOAUTH2, and the bearer
 * credentials inside its {@code auth} value (RFC 6750 §2.1). Stateless; safe from any thread.
 */
final class OAuthFields {
    private OAuthFields() {}

    /** RFC 7628 §3.1: kvsep = %x01. */
    static final char KVSEP = '\u0001';

    /** Bound on the number of pairs (RFC 7628 defines three keys; unknown ones are ignored). */
    private static final int MAX_PAIRS = 16;

    /** Bound on a key's length. */
    private static final int MAX_KEY_CHARS = 32;

    /**
     * Parses {@code *kvpair kvsep} from {@code from} to the end of {@code s} (RFC 7628 §3.1:
     * kvpair = key "=" value kvsep, key = 1*ALPHA, value = *(VCHAR / SP / HTAB / CR / LF)); the final
     * empty pair must end the message. Gives {@code null} when malformed, a key repeats, or a value has
     * characters outside the grammar ({@code nonAsciiValues} lets UTF-8 text through as well, for
     * XOAUTH2's {@code user}).
     */
    static Map<String, String> parse(String s, int from, boolean nonAsciiValues) {
        Map<String, String> pairs = new HashMap<>();
        int pos = from;
        while (true) {
            int end = s.indexOf(KVSEP, pos);
            if (end < 0) return null;
            if (end == pos) return end + 1 == s.length() ? pairs : null;
            if (pairs.size() == MAX_PAIRS) return null;
            int eq = s.indexOf('=', pos);
            if (eq < 0 || eq > end || eq == pos || eq - pos > MAX_KEY_CHARS) return null;
            String key = s.substring(pos, eq);
            String value = s.substring(eq + 1, end);
            if (!isKey(key) || !isValue(value, nonAsciiValues) || pairs.putIfAbsent(key, value) != null) return null;
            pos = end + 1;
        }
    }

    private static boolean isKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
        }
        return true;
    }

    private static boolean isValue(String value, boolean nonAscii) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 0x20 && c <= 0x7E) || c == '\t' || c == '\r' || c == '\n' || (nonAscii && c >= 0xA0);
            if (!ok) return false;
        }
        return true;
    }

    /**
     * The token of {@code Bearer <token>} (RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token,
     * b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="; the scheme is
     * case-insensitive, RFC 7628 §4), or {@code null} when the value is not that.
     */
    static String bearerToken(String auth) {
        if (auth == null || !SaslCodec.startsWithIgnoreCase(auth, "Bearer ")) return null;
        int i = "Bearer".length();
        while (i < auth.length() && auth.charAt(i) == ' ') i++;
        int start = i;
        while (i < auth.length() && isTokenChar(auth.charAt(i))) i++;
        if (i == start) return null;
        while (i < auth.length() && auth.charAt(i) == '=') i++;
        return i == auth.length() ? auth.substring(start) : null;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
