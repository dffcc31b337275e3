// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import java.util.ArrayList;
import java.util.List;

/** The CAPA listing (RFC 2449 §5) for a connection in its current state. Stateless. */
final class Capabilities {
    private Capabilities() {}

    /**
     * @param loggedIn          whether the session is in TRANSACTION
     * @param plaintextAllowed  whether USER/PASS may be used on this connection now
     * @param implementation    the IMPLEMENTATION text
     */
    static List<String> list(boolean loggedIn, boolean plaintextAllowed, String implementation) {
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
        // RFC 2449 §6.8: USER is listed only where plaintext login is allowed (protocol.md §4).
        if (!loggedIn && plaintextAllowed) caps.add("USER");
        caps.add("IMPLEMENTATION " + implementation);
        return caps;
    }
}
