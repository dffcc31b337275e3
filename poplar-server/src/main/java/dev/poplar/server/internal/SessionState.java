// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;

/**
 * The POP3 state of one connection (RFC 1939 §3). Each variant holds only what is valid in it, so a
 * command cannot reach a maildrop before login. Used by one session thread only.
 */
sealed interface SessionState {

    /** RFC 1939 §4: before login. {@code pendingUser} is the name from USER, or {@code null}. */
    record Authorization(String pendingUser) implements SessionState {
        static final Authorization FRESH = new Authorization(null);

        @Override
        public String toString() {
            return "AUTHORIZATION"; // the pending name is client text: keep it out of logs by accident
        }
    }

    /**
     * RFC 5034 §4: an AUTH exchange is running; the next line is the client's response (base64, or
     * {@code *} to cancel), not a command.
     */
    record SaslInProgress(String mechanism, dev.poplar.server.sasl.SaslExchange exchange) implements SessionState {
        @Override
        public String toString() {
            return "AUTH " + mechanism;
        }
    }

    /**
     * Seed extension SLEE/WAKE: deletions committed, maildrop released; only NOOP, WAKE and QUIT are
     * accepted. {@code knownUids} are the ids of the previous session, for WAKE's ACTIVITY answer.
     */
    record Sleeping(Account account, java.util.Set<String> knownUids) implements SessionState {}

    /** RFC 1939 §5: logged in, with the session's snapshot of the maildrop. */
    record Transaction(Account account, Maildrop maildrop, Snapshot snapshot) implements SessionState {}
}
