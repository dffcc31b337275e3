// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

import java.util.Optional;

/**
 * Checks an OAuth 2.0 bearer token (RFC 7628 OAUTHBEARER, Google's XOAUTH2). Thread-safe.
 */
public interface TokenVerifier {

    /**
     * @param user  the user the client names ({@code a=} in OAUTHBEARER, {@code user=} in XOAUTH2); may
     *              be empty, in which case the token alone decides
     * @param token the bearer token; never log it
     * @return the account the token grants to that user, or empty if the token is invalid, expired,
     *         or for someone else
     */
    Optional<Account> verify(String user, String token) throws StoreException;
}
