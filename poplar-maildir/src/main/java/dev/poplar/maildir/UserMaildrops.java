// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.maildir.passwd.UserEntry;
import dev.poplar.maildir.passwd.UsersFile;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.StoreException;
import java.util.Objects;

/**
 * The maildrops of the users in a users file: each user's Maildir from a {@link MaildirStore}, read-only
 * when the user's line carries the extra field {@code readonly=yes}
 * ({@code alice:{ARGON2ID}...::::::readonly=yes}, see {@link UserEntry#readOnly()}). Thread-safe: both
 * parts are.
 *
 * <p>The file is consulted at each {@link #open} (re-read if it changed), so adding or removing the
 * field takes effect at the next login or WAKE. An account the file does not list (one an OAuth token
 * vouched for, say) gets its Maildir writable, as without this wrapper.
 */
public final class UserMaildrops implements MaildropProvider {
    private final MaildirStore store;
    private final UsersFile users;

    /** Maildrops from {@code store}, made read-only as {@code users} says. */
    public UserMaildrops(MaildirStore store, UsersFile users) {
        this.store = Objects.requireNonNull(store, "store");
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    public Maildrop open(Account account) throws StoreException {
        boolean readOnly = users.find(account.name()).map(UserEntry::readOnly).orElse(false);
        Maildrop maildrop = store.open(account);
        return readOnly ? new ReadOnlyMaildrop(maildrop) : maildrop;
    }
}
