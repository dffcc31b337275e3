// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.StoreException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Serves Maildir mailboxes laid out as Postfix ({@code virtual_mailbox_base}, {@code home_mailbox}) and
 * Dovecot ({@code mail_location = maildir:/root/%u}) lay them out: user {@code U}'s messages are in
 * {@code <root>/U/cur} and {@code <root>/U/new}. Thread-safe: one instance serves every session.
 *
 * <ul>
 *   <li>A maildir that does not exist is an empty maildrop; reading never creates directories
 *       ({@link MaildirDelivery} does).</li>
 *   <li>Messages are never renamed (flags stay as other programs set them) and never modified. The
 *       store writes only {@code poplar-index}, {@code poplar-listing} (big maildirs only), transient
 *       {@code poplar-journal.*} and {@code poplar-tmp.*} files in the maildir, and reads Dovecot's
 *       {@code dovecot-uidlist}.</li>
 *   <li>Several sessions may use one maildrop at once (protocol.md §8 {@code snapshot} policy);
 *       the {@code exclusive} policy, if configured, is the server's lock, not this store's.</li>
 * </ul>
 */
public final class MaildirStore implements MaildropProvider {
    private static final System.Logger LOG = System.getLogger(MaildirStore.class.getName());

    private final Path root;
    private final UidlistCache uidlists = new UidlistCache();
    private final ListingCache listings;
    private final StoreCounters counters = new StoreCounters();

    /** A store whose maildirs are the directories under {@code root}, one per user. */
    public MaildirStore(Path root) {
        this(root, new ListingCache());
    }

    /** A store with another listing cache (threshold, clock); for tests. */
    MaildirStore(Path root, ListingCache listings) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.listings = Objects.requireNonNull(listings, "listings");
    }

    /** The directory holding the maildirs. */
    public Path root() {
        return root;
    }

    /**
     * The maildir of a user: {@code <root>/<user>}. It may not exist yet.
     *
     * @throws IllegalArgumentException when the name is not one {@link UserNames#isValid} accepts, so
     *                                  that no name can reach outside the root (James CVE-2021-40525)
     */
    public Path maildirOf(String user) {
        if (!UserNames.isValid(user)) throw new IllegalArgumentException("not a valid user name");
        Path maildir = root.resolve(user);
        // Defence in depth: the allow-list already excludes separators and "..".
        if (!root.equals(maildir.getParent())) throw new IllegalArgumentException("not a valid user name");
        return maildir;
    }

    /** Opens a session on the account's maildir. Cheap: reads nothing until {@code list()}. */
    @Override
    public Maildrop open(Account account) throws StoreException {
        if (!UserNames.isValid(account.name())) {
            // An authenticator let through a name we cannot map to a directory: a configuration fault.
            LOG.log(System.Logger.Level.ERROR, "refusing a maildrop for an invalid account name");
            throw new StoreException(ResponseCode.SYS_PERM, "This mailbox cannot be opened.",
                    "invalid account name for a maildir", null);
        }
        return new MaildirMaildrop(maildirOf(account.name()), uidlists, listings, counters);
    }

    /** The store's counters; for tests. */
    StoreCounters counters() {
        return counters;
    }

    /** The uidlist cache; for tests. */
    UidlistCache uidlists() {
        return uidlists;
    }
}
