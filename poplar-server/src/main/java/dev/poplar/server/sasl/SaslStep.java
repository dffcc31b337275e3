// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.Account;

/** What a {@link SaslExchange} answers to one response. Immutable. */
public sealed interface SaslStep {

    /** Send this challenge ({@code + base64}) and wait for the next response. */
    record Challenge(byte[] data) implements SaslStep {}

    /**
     * Authenticated. {@code additionalData} (SCRAM's server-final-message) is sent before {@code +OK}
     * as RFC 5034 §4 describes; {@code null} when there is none.
     */
    record Success(Account account, byte[] additionalData) implements SaslStep {}

    /**
     * Not authenticated. {@code user} is the name the client claimed, for the log only (may be
     * {@code null}); {@code malformed} is true when the client broke the mechanism's syntax rather than
     * giving wrong credentials.
     */
    record Failure(String user, boolean malformed) implements SaslStep {}
}
