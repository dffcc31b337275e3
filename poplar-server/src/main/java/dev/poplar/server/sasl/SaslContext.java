// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.TokenVerifier;

/**
 * What a mechanism may use for one connection. Immutable.
 *
 * @param authenticator  checks user name and password (PLAIN, LOGIN)
 * @param credentials    stored secrets (CRAM-MD5, SCRAM), or {@code null} if the store keeps none
 * @param tokens         OAuth token verifier, or {@code null} if none is configured
 * @param channelBinding RFC 5929 {@code tls-server-end-point} data of this TLS connection, or
 *                       {@code null} without TLS (then -PLUS mechanisms are unavailable)
 * @param serverName     the host name used in challenges (CRAM-MD5 message-id)
 */
public record SaslContext(Authenticator authenticator, CredentialStore credentials, TokenVerifier tokens,
                          byte[] channelBinding, String serverName) {}
