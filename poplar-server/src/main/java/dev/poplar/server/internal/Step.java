// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;

/**
 * The outcome of one command: the reply, the state after it, and whether the connection ends.
 * Immutable.
 *
 * @param clientError the command was invalid, unknown or not allowed in this state; it counts toward
 *                    the error budget (protocol.md §1)
 * @param startTls    the reply is STLS's {@code +OK}: the TLS handshake follows it
 */
record Step(Reply reply, SessionState next, boolean close, boolean clientError, boolean startTls) {

    static Step reply(Reply reply, SessionState next) {
        return new Step(reply, next, false, false, false);
    }

    static Step ok(String text, SessionState next) {
        return reply(Reply.ok(text), next);
    }

    static Step err(String text, SessionState next) {
        return reply(Reply.err(text), next);
    }

    static Step err(ResponseCode code, String text, SessionState next) {
        return reply(new Reply.Single(StatusLine.err(code, text)), next);
    }

    /** A client mistake: a fixed text, never the client's bytes (ALPACA: no reflection). */
    static Step clientError(String text, SessionState next) {
        return new Step(Reply.err(text), next, false, true, false);
    }

    static Step closing(Reply reply, SessionState next) {
        return new Step(reply, next, true, false, false);
    }

    /** RFC 2595 §4: after this {@code +OK} the connection negotiates TLS. */
    static Step startTls(SessionState next) {
        return new Step(Reply.ok("Begin TLS negotiation now."), next, false, false, true);
    }
}
