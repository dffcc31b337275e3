// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

/**
 * The GS2 header that starts SCRAM's and OAUTHBEARER's first client message (RFC 5801 §4, as
 * RFC 5802 §7 and RFC 7628 §3.1 use it). Immutable.
 *
 * @param flag    {@code 'n'} (client does not support channel binding), {@code 'y'} (it does, but thinks
 *                the server does not) or {@code 'p'} (it requires the binding named {@code cbName})
 * @param cbName  the channel binding type for {@code 'p'}, else {@code null}
 * @param authzid the decoded authorization identity, or {@code null} when absent
 * @param text    the header exactly as sent, both commas included (SCRAM's {@code c=} binds it)
 */
record Gs2Header(char flag, String cbName, String authzid, String text) {

    /** RFC 5929 §4: the only channel binding type we support. */
    static final String TLS_SERVER_END_POINT = "tls-server-end-point";

    /** Generous bound on a channel binding type name (registered names are at most 20 chars). */
    private static final int MAX_CB_NAME = 64;

    /**
     * Parses the header at the start of {@code message}, or gives {@code null} when it is malformed.
     * RFC 5802 §7 has no {@code gs2-nonstd-flag} ("F,"), so it is malformed here.
     */
    static Gs2Header parse(String message) {
        int n = message.length();
        if (n < 3) return null;
        char flag = message.charAt(0);
        int i;
        String cbName = null;
        switch (flag) {
            case 'n', 'y' -> i = 1;
            case 'p' -> {
                // RFC 5801 §4: "p=" cb-name, cb-name = 1*(ALPHA / DIGIT / "." / "-")
                if (message.charAt(1) != '=') return null;
                int end = message.indexOf(',', 2);
                if (end < 0 || end == 2 || end - 2 > MAX_CB_NAME) return null;
                cbName = message.substring(2, end);
                if (!isCbName(cbName)) return null;
                i = end;
            }
            default -> {
                return null;
            }
        }
        if (i >= n || message.charAt(i) != ',') return null;
        i++;
        String authzid = null;
        if (i < n && message.charAt(i) == 'a') {
            // RFC 5801 §4: "a=" saslname
            if (i + 1 >= n || message.charAt(i + 1) != '=') return null;
            int end = message.indexOf(',', i + 2);
            if (end < 0) return null;
            authzid = decodeSaslname(message.substring(i + 2, end));
            if (authzid == null) return null;
            i = end;
        }
        if (i >= n || message.charAt(i) != ',') return null;
        return new Gs2Header(flag, cbName, authzid, message.substring(0, i + 1));
    }

    /**
     * Decodes a saslname (RFC 5801 §4, RFC 5802 §5.1): non-empty, no NUL and no ","; "=" only in "=2C"
     * (",") and "=3D" ("="). Anything else gives {@code null}, as RFC 5802 §5.1 requires the server to
     * fail on any other "=".
     */
    static String decodeSaslname(String s) {
        if (s.isEmpty() || s.length() > SaslCodec.MAX_USER_CHARS * 3) return null;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0' || c == ',') return null;
            if (c == '=') {
                if (s.startsWith("=2C", i)) out.append(',');
                else if (s.startsWith("=3D", i)) out.append('=');
                else return null;
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isCbName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok) return false;
        }
        return true;
    }
}
