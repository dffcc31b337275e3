// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

/**
 * A SASL mechanism the server can offer in AUTH (RFC 5034). Implementations are stateless and
 * thread-safe; each exchange gets its own {@link SaslExchange}.
 */
public interface SaslMechanism {

    /** The IANA name, upper case, e.g. {@code SCRAM-SHA-256}. */
    String name();

    /**
     * Whether the client sends its password in the clear (PLAIN, LOGIN): such mechanisms are refused on
     * unprotected connections from untrusted networks (RFC 2595 §2.3, protocol.md §6).
     */
    boolean sendsPassword();

    /**
     * Whether this mechanism can work here: CRAM-MD5 needs a store with plaintext-equivalent secrets,
     * OAUTHBEARER a token verifier, a -PLUS variant a TLS channel binding. Only available mechanisms
     * are listed in CAPA and accepted by AUTH.
     */
    boolean isAvailable(SaslContext context);

    /** Starts one exchange. */
    SaslExchange start(SaslContext context);
}
