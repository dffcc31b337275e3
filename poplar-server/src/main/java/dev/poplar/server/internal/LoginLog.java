// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;

/**
 * One log line per login success and failure, shaped like Dovecot's so that fail2ban's stock
 * {@code dovecot} filter reads it (protocol.md §6). Thread-safe.
 */
final class LoginLog {
    private static final Logger LOG = System.getLogger("dev.poplar.login");

    private LoginLog() {}

    static void success(String user, String method, InetSocketAddress remote, InetSocketAddress local, boolean tls) {
        LOG.log(Level.INFO, "pop3-login: Login: user=<{0}>, method={1}, rip={2}, lip={3}{4}",
                escape(user), method, address(remote), address(local), tls ? ", TLS" : "");
    }

    /** Dovecot's shape: the failed attempts of this connection so far, and the connection's age. */
    static void failure(String user, String method, int attempts, long seconds, InetSocketAddress remote,
                        InetSocketAddress local, boolean tls) {
        LOG.log(Level.INFO, "pop3-login: Aborted login (auth failed, {0} attempts in {1} secs): user=<{2}>, method={3}, rip={4}, lip={5}{6}",
                Integer.toString(attempts), Long.toString(seconds), escape(user), escape(method), address(remote),
                address(local), tls ? ", TLS" : "");
    }

    /** Dovecot's line for a password mechanism refused on an unprotected connection (fail2ban matches it). */
    static void plaintextRefused(String method, InetSocketAddress remote, InetSocketAddress local) {
        LOG.log(Level.INFO, "pop3-login: Aborted login (tried to use disallowed plaintext auth): user=<>, method={0}, rip={1}, lip={2}",
                escape(method), address(remote), address(local));
    }

    /**
     * Escapes client text so it cannot end the line, close the {@code <...>} field or pose as another
     * field (research: a raw LF or '>' lets an attacker get a third party banned or evade a ban).
     */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 256));
        for (int i = 0; i < s.length() && sb.length() < 256; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '\\' || c == ',' || c == '=') {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || isSeparatorOrFormat(c)) {
                // C1 controls (NEL U+0085), U+2028/U+2029 and bidi/zero-width format characters: a log
                // viewer may break the line there or show text in another order.
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isSeparatorOrFormat(char c) {
        int type = Character.getType(c);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }

    static String address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
    }
}
