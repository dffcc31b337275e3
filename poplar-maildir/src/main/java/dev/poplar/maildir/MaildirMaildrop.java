// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One session's view of a maildir. Used by one session thread at a time; other sessions and programs
 * may change the maildir meanwhile, and the snapshot policy of protocol.md §8 applies: each session
 * keeps its own snapshot, and removing what another already removed is not an error.
 */
final class MaildirMaildrop implements Maildrop {
    /** A message renamed again between finding and opening it is looked for this often, then SYS/TEMP. */
    private static final int MAX_OPEN_ATTEMPTS = 3;

    private static final System.Logger LOG = System.getLogger(MaildirMaildrop.class.getName());

    private final Path maildir;
    private final UidlistCache uidlists;
    private final ListingCache listings;
    private final StoreCounters counters;
    /** Every id this maildrop listed (all snapshots of the session), to its base name. */
    private Map<String, String> baseByUid = new HashMap<>();
    /** Where each listed message was last seen. */
    private Map<String, Path> pathByBase = new HashMap<>();

    MaildirMaildrop(Path maildir, UidlistCache uidlists, ListingCache listings, StoreCounters counters) {
        this.maildir = maildir;
        this.uidlists = uidlists;
        this.listings = listings;
        this.counters = counters;
    }

    @Override
    public List<MessageInfo> list() throws StoreException {
        List<MaildirListing.Listed> listed;
        try {
            listed = MaildirListing.take(maildir, uidlists, listings, counters);
        } catch (IOException | UncheckedIOException e) {
            throw StoreException.temporary("cannot list " + maildir, e);
        }
        // Sized for the first listing at once: growing to 100,000 entries step by step rehashes each map
        // fourteen times (JFR of logins to a 100,000-message maildir: HashMap.resize was a sixth of the CPU).
        if (baseByUid.isEmpty()) baseByUid = HashMap.newHashMap(listed.size());
        if (pathByBase.isEmpty()) pathByBase = HashMap.newHashMap(listed.size());
        List<MessageInfo> infos = new ArrayList<>(listed.size());
        for (MaildirListing.Listed m : listed) {
            baseByUid.put(m.uid(), m.base());
            pathByBase.put(m.base(), m.path());
            infos.add(new MessageInfo(m.uid(), m.size(), m.received()));
        }
        return infos;
    }

    @Override
    public InputStream open(MessageInfo message) throws StoreException {
        String base = baseOf(message);
        for (int attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt++) {
            Path path = pathByBase.get(base);
            if (path == null) throw StoreException.gone("message " + base + " is no longer in " + maildir);
            try {
                if (!MaildirScanner.isRegularFile(path)) {
                    relocate();
                    continue;
                }
                // NOFOLLOW_LINKS: a symbolic link swapped in after the check above is refused by open(2).
                return Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                relocate(); // renamed (new/ to cur/, a flag change) or removed
            } catch (IOException e) {
                throw StoreException.temporary("cannot open " + path, e);
            }
        }
        throw StoreException.temporary("message " + base + " kept moving in " + maildir, null);
    }

    @Override
    public void delete(Collection<MessageInfo> messages) throws StoreException {
        Set<String> bases = new LinkedHashSet<>();
        for (MessageInfo m : messages) bases.add(baseOf(m)); // all checked before anything is written
        if (bases.isEmpty()) return;
        Path journal;
        try {
            journal = DeleteJournal.commit(maildir, bases);
        } catch (IOException | UncheckedIOException e) {
            throw StoreException.temporary("cannot commit the removal of " + bases.size() + " messages", e);
        }
        // Committed: from here every named message is removed, now or by the next listing's replay
        // (which runs before anything is listed), so the removal has succeeded as far as any POP3 client
        // can tell. Reporting a failure now would make the server say "none were removed", which is false.
        try {
            Expunger.unlinkAll(maildir, bases, pathByBase);
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "removal committed in " + journal
                    + " but not finished; the next listing finishes it", e);
            return;
        }
        pathByBase.keySet().removeAll(bases);
        try {
            // No fsync: if a crash brings the journal back, replaying it unlinks nothing more.
            Files.deleteIfExists(journal);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove finished journal " + journal, e);
        }
        LOG.log(System.Logger.Level.DEBUG, "removed {0} messages from {1}", bases.size(), maildir);
    }

    @Override
    public void close() {
        // Holds no files or locks between calls; never commits anything (RFC 1939 §6: only QUIT does).
        baseByUid.clear();
        pathByBase.clear();
    }

    /** The base name of a listed message. The server only passes back what we listed (design.md, principle 7). */
    private String baseOf(MessageInfo message) {
        String base = baseByUid.get(message.uid());
        if (base == null) throw new IllegalArgumentException("not a message this maildrop listed");
        return base;
    }

    /** Looks for every listed message again by base name; those not found are gone. */
    private void relocate() throws StoreException {
        Map<String, Path> now;
        try {
            now = MaildirScanner.scan(maildir);
        } catch (IOException e) {
            throw StoreException.temporary("cannot rescan " + maildir, e);
        }
        pathByBase.replaceAll((base, old) -> now.get(base));
        pathByBase.values().removeIf(p -> p == null);
    }
}
