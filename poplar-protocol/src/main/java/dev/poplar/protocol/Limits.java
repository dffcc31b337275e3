// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

/** Protocol limits, each with the rule it comes from. Constants only; no instances. */
public final class Limits {
    private Limits() {}

    /** RFC 2449 §4: a server that supports CAPA must accept command lines of at least 255 octets, CRLF included. */
    public static final int RFC2449_MIN_COMMAND_OCTETS = 255;

    /**
     * Our cap on a command line, CRLF included (protocol.md §1). Well above the RFC floor because SASL
     * initial responses and continuation lines can be long; past it the line is refused and the
     * connection closed, and nothing past the cap is ever buffered.
     */
    public static final int MAX_COMMAND_OCTETS = 8192;

    /** RFC 2449 §4: the first line of a response is at most 512 octets, CRLF included. */
    public static final int MAX_STATUS_LINE_OCTETS = 512;

    /** RFC 1939 §7: a unique-id is 1 to 70 octets. */
    public static final int MAX_UNIQUE_ID_OCTETS = 70;

    /** protocol.md §2: message numbers are at most 10 decimal digits; anything longer is a syntax error. */
    public static final int MAX_NUMBER_DIGITS = 10;

    /** RFC 1939 §3: an inactivity timer, if present, must be at least 10 minutes. */
    public static final int MIN_IDLE_TIMEOUT_SECONDS = 600;

    /** protocol.md §1: consecutive invalid commands tolerated before login (ALPACA: keep it small). */
    public static final int DEFAULT_ERROR_BUDGET_BEFORE_LOGIN = 3;

    /** protocol.md §1: consecutive invalid commands tolerated after login. */
    public static final int DEFAULT_ERROR_BUDGET_AFTER_LOGIN = 20;

    /**
     * RFC 1939 §7 and protocol.md §3: 1 to 70 octets in 0x21-0x7E, and never the single character
     * {@code _}, which MULTI-LINE-IND reserves as its marker.
     */
    public static boolean isValidUniqueId(String id) {
        int n = id.length();
        if (n < 1 || n > MAX_UNIQUE_ID_OCTETS || id.equals("_")) return false;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7E) return false;
        }
        return true;
    }
}
