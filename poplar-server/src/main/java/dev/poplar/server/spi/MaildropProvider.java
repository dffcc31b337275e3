// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

/** Opens maildrops for authenticated accounts. Called concurrently: implementations must be thread-safe. */
public interface MaildropProvider {

    /**
     * Opens the maildrop of an account for one session. Cheap enough to call at every login: no
     * message content should be read here.
     *
     * @throws StoreException if it cannot be opened; the code tells the client why ({@code IN-USE},
     *                        {@code SYS/TEMP}, ...)
     */
    Maildrop open(Account account) throws StoreException;
}
