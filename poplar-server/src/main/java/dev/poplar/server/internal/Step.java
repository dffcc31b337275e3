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
 */
record Step(Reply reply, SessionState next, boolean close, boolean clientError) {

    static Step reply(Reply reply, SessionState next) {
        return new Step(reply, next, false, false);
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
        return new Step(Reply.err(text), next, false, true);
    }

    static Step closing(Reply reply, SessionState next) {
        return new Step(reply, next, true, false);
    }
}
