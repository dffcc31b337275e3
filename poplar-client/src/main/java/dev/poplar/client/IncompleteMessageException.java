// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

/**
 * The connection ended inside a multi-line reply, before the terminating {@code .} line (RFC 1939 §3).
 * What was read so far is not the whole message and must not be delivered as one (protocol.md §9).
 * Immutable; safe to pass between threads.
 */
public final class IncompleteMessageException extends ProtocolException {
    public IncompleteMessageException(String message) {
        super(message);
    }
}
