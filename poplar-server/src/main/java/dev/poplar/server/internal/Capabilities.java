// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import java.util.ArrayList;
import java.util.List;

/** The CAPA listing (RFC 2449 §5) for a connection as it is now (protocol.md §4). Stateless. */
final class Capabilities {
    private Capabilities() {}

    /**
     * @param loggedIn          whether the session is in TRANSACTION
     * @param session           the connection (TLS state, trusted network)
     * @param mechanisms        the SASL mechanisms usable on this connection now
     */
    static List<String> list(ServerConfig config, boolean loggedIn, SessionContext session, List<String> mechanisms) {
        List<String> caps = new ArrayList<>();
        // RFC 2449 §6.1/§6.5: announce TOP and UIDL before login too; Jakarta Mail only reads the
        // pre-login list (jakartaee/mail-api#50).
        caps.add("TOP");
        caps.add("UIDL");
        caps.add("RESP-CODES");      // RFC 2449 §6.4
        caps.add("AUTH-RESP-CODE");  // RFC 3206 §6
        caps.add("PIPELINING");      // RFC 2449 §6.6: we read ahead and answer with one write per batch
        // RFC 2449 §6.7: NEVER, or the days after which the server removes a message.
        caps.add(config.expireDays() < 0 ? "EXPIRE NEVER" : "EXPIRE " + config.expireDays());
        // RFC 2449 §6.5: LOGIN-DELAY, enforced with [LOGIN-DELAY]; after login it is this user's value.
        if (config.loginDelays() != null) caps.add("LOGIN-DELAY " + config.loginDelays().delay().toSeconds());
        if (!loggedIn) {
            // RFC 2595 §4: STLS only before login and only once.
            if (session.canStartTls()) caps.add("STLS");
            // RFC 2449 §6.8 and protocol.md §4: USER only where plaintext login is allowed now.
            if (session.plaintextAllowed()) caps.add("USER");
            // RFC 5034 §5: the mechanisms usable on this connection now.
            if (!mechanisms.isEmpty()) caps.add("SASL " + String.join(" ", mechanisms));
            // RFC 6856 §2: UTF8 mode; "USER": UTF-8 user names and passwords are accepted.
            caps.add("UTF8 USER");
        }
        caps.add("LANG"); // RFC 6856 §3
        // The seed extensions (protocol.md §7). SLEE-WAKE and SLEEPING name the same extension: the
        // code that introduced it said the first, its draft the second.
        caps.add("UID-PARAM");
        caps.add("DELI");
        caps.add("SLEE-WAKE");
        caps.add("SLEEPING");
        caps.add("QAUT");
        if (config.multiLineIndicator()) caps.add("MULTI-LINE-IND");
        caps.add("IMPLEMENTATION " + config.implementation());
        // Seed idea "keep your CAPA": a token that changes exactly when this list does.
        if (config.capaVersion()) caps.add("CAPA-VERSION " + token(caps));
        return caps;
    }

    /** The CAPA-VERSION token of the list a client would get before login on this connection now. */
    static String version(ServerConfig config, SessionContext session, List<String> mechanisms) {
        List<String> caps = list(config, false, session, mechanisms);
        return caps.getLast().substring("CAPA-VERSION ".length());
    }

    private static String token(List<String> caps) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", caps).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
