// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

import java.util.Optional;

/**
 * Checks a user name and password. Called concurrently from many sessions: implementations must be
 * thread-safe.
 */
public interface Authenticator {

    /**
     * Checks the credentials.
     *
     * <p>RFC 1939 §13: the answer must not tell an attacker which names exist, so an implementation
     * should take about the same time for an unknown user as for a wrong password (for example by
     * checking the password against a dummy hash).
     *
     * @param user     the name as the client sent it
     * @param password the password as the client sent it, spaces included; never log it
     * @return the account, or empty when the name or the password is wrong
     * @throws StoreException when the check itself cannot be made (a back end is down)
     */
    Optional<Account> authenticate(String user, String password) throws StoreException;

    /**
     * Whether an account authenticated earlier may go on (seed extension SLEE/WAKE: WAKE checks the
     * account again). False when the account was removed or disabled, or its credentials changed since
     * (compare {@link Account#credentialTag()}). The default keeps every account valid.
     */
    default boolean isStillValid(Account account) throws StoreException {
        return true;
    }
}
