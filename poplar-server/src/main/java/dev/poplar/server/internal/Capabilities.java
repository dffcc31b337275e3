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
        // RFC 2449 §6.7: the server never removes messages on its own.
        caps.add("EXPIRE NEVER");
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
        caps.add("IMPLEMENTATION " + config.implementation());
        return caps;
    }
}
