// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

import java.util.Objects;

/**
 * An authenticated user, as the {@link Authenticator} names it. Immutable.
 *
 * @param name          the account name, as the store knows it (not necessarily the bytes the client sent)
 * @param credentialTag an opaque value that changes when the account's credentials change (a digest of
 *                      the stored password, say), so that WAKE can tell a session whose password was
 *                      changed meanwhile (seed extension SLEE/WAKE); {@code null} if the store has none
 */
public record Account(String name, String credentialTag) {
    public Account {
        Objects.requireNonNull(name, "name");
    }

    /** An account without a credential tag. */
    public Account(String name) {
        this(name, null);
    }

    @Override
    public String toString() {
        return "Account[" + name + "]"; // the tag stays out of logs
    }
}
