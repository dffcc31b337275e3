// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import java.io.IOException;

/**
 * The server sent something that is not valid POP3 (a malformed reply, a line over the cap, a listing
 * that breaks RFC 1939 rules, an unverifiable SASL exchange). Immutable; safe to pass between threads.
 */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
