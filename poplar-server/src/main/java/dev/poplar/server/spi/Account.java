// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

import java.util.Objects;

/**
 * An authenticated user, as the {@link Authenticator} names it. Immutable.
 *
 * @param name the account name, as the store knows it (not necessarily the bytes the client sent)
 */
public record Account(String name) {
    public Account {
        Objects.requireNonNull(name, "name");
    }
}
