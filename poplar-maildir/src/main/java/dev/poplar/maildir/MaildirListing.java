// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.maildir.MaildirIndex.ImportMark;
import dev.poplar.protocol.Limits;
import dev.poplar.protocol.MessageEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes one session's snapshot of a maildir (protocol.md §2): finishes left-over delete journals, finds
 * the messages, orders them oldest first, and gives each a size and a unique-id without reading
 * content that was read before. A big maildir whose directories have not changed since its last
 * listing is listed from {@link ListingCache} instead. Stateless.
 */
final class MaildirListing {
    /** Rescans allowed per listing when a message moves while its size is computed; a bound. */
    private static final int MAX_RESCANS = 3;

    private static final System.Logger LOG = System.getLogger(MaildirListing.class.getName());

    /**
     * A message in a snapshot.
     *
     * @param uid      its unique-id
     * @param size     its POP3 size
     * @param base     its Maildir base name
     * @param path     where it was seen
     * @param received when it was delivered, from its name; {@code null} for an undated name
     */
    record Listed(String uid, long size, String base, Path path, Instant received) {}

    private final Path maildir;
    private final UidlistCache uidlists;
    private final ListingCache listings;
    private final StoreCounters counters;
    private final Map<String, Path> paths = new HashMap<>();
    private int rescans;
    private boolean indexUnreadable;
    private boolean indexRewritten;
    /** A message was left out (gone meanwhile, unreadable), or the index could not be read or written. */
    private boolean incomplete;

    private MaildirListing(Path maildir, UidlistCache uidlists, ListingCache listings, StoreCounters counters) {
        this.maildir = maildir;
        this.uidlists = uidlists;
        this.listings = listings;
        this.counters = counters;
    }

    /**
     * Lists a maildir. A missing maildir is an empty maildrop: reading never creates directories
     * (delivery does), so a mistyped root does not fill the disk with empty maildirs.
     */
    static List<Listed> take(Path maildir, UidlistCache uidlists, ListingCache listings, StoreCounters counters)
            throws IOException {
        if (Files.notExists(maildir)) return List.of();
        if (!Files.isDirectory(maildir)) throw new IOException(maildir + " is not a directory");
        return new MaildirListing(maildir, uidlists, listings, counters).take();
    }

    private List<Listed> take() throws IOException {
        // A journal is a committed delete: finish it first, and never list what it names.
        DeleteJournal.Replayed replayed = DeleteJournal.replay(maildir);
        // After a journal the cache is neither used nor saved: a delete was under way, perhaps unfinished.
        ListingCache.Before before = replayed.found() ? null : listings.before(maildir);
        if (before != null) {
            List<Listed> cached = listings.lookup(maildir, before);
            if (cached != null) {
                counters.listingHits().increment();
                return cached;
            }
        }
        List<Listed> listed = scan(replayed.unfinished());
        // Only a listing that met no trouble is kept: one that left a message out, or went without the
        // index, would otherwise be repeated as long as the directories do not change.
        if (before != null && !incomplete && rescans == 0) {
            listings.save(maildir, before, listed, indexRewritten, counters);
        }
        return listed;
    }

    /** Lists by reading the directories, the index and the uidlist. */
    private List<Listed> scan(Set<String> committed) throws IOException {
        paths.putAll(MaildirScanner.scan(maildir));
        paths.keySet().removeAll(committed);

        MaildirIndex index = readIndex();
        // An unreadable uidlist fails the listing (SYS/TEMP): guessing would change UIDLs clients know.
        DovecotUidlist uidlist = uidlists.get(maildir);
        ImportMark mark = index != null ? index.importMark() : ImportMark.of(uidlist);

        List<MaildirName> names = new ArrayList<>(paths.size());
        for (String base : paths.keySet()) names.add(MaildirName.parse(base));
        // Oldest first: the delivery second, then its microseconds as a number (M98000 before M120000),
        // then the name, so the order is the same in every session.
        names.sort(Comparator.comparingLong(MaildirName::timestamp).thenComparingLong(MaildirName::micros)
                .thenComparing(MaildirName::base));

        List<String> bases = new ArrayList<>(names.size());
        List<Long> sizes = new ArrayList<>(names.size());
        List<String> preferred = new ArrayList<>(names.size());
        List<Instant> received = new ArrayList<>(names.size());
        Map<String, MaildirIndex.Entry> kept = new HashMap<>();
        for (MaildirName name : names) {
            String base = name.base();
            MaildirIndex.Entry known = index == null ? null : index.entries().get(base);
            DovecotUidlist.Entry dovecot = uidlist == null ? null : uidlist.entries().get(base);
            String uidl = known != null && known.uidl() != null ? known.uidl() : imported(uidlist, dovecot, mark);
            long size = name.virtualSize();
            long indexedSize = -1;
            if (size < 0) {
                size = knownSize(known, dovecot);
                if (size < 0) size = contentSize(base);
                if (size < 0) { // gone meanwhile, or unreadable (logged)
                    incomplete = true;
                    continue;
                }
                indexedSize = size;
            }
            if (indexedSize >= 0 || uidl != null) kept.put(base, new MaildirIndex.Entry(indexedSize, uidl));
            bases.add(base);
            sizes.add(size);
            preferred.add(uidl);
            received.add(name.received());
        }
        List<String> ids = UniqueIds.assign(bases, preferred);
        writeIndexIfChanged(index, new MaildirIndex(mark, kept));

        List<Listed> listed = new ArrayList<>(bases.size());
        for (int i = 0; i < bases.size(); i++) {
            listed.add(new Listed(ids.get(i), sizes.get(i), bases.get(i), paths.get(bases.get(i)), received.get(i)));
        }
        return listed;
    }

    /** The UIDL Dovecot showed for a message it numbered before we took over, if it is one we may send. */
    private static String imported(DovecotUidlist uidlist, DovecotUidlist.Entry entry, ImportMark mark) {
        if (entry == null || !mark.covers(uidlist, entry)) return null;
        String uidl = uidlist.shownUidl(entry);
        // A P value we may not send (RFC 1939 §7) cannot be kept: the message gets our own id.
        return Limits.isValidUniqueId(uidl) ? uidl : null;
    }

    /** Our index first (we computed it), then Dovecot's W field; -1 if neither knows. */
    private static long knownSize(MaildirIndex.Entry known, DovecotUidlist.Entry dovecot) {
        if (known != null && known.size() >= 0) return known.size();
        return dovecot != null ? dovecot.virtualSize() : -1;
    }

    /** Reads a message once to compute its size; -1 when it is gone or cannot be read. */
    private long contentSize(String base) {
        while (true) {
            Path path = paths.get(base);
            try (InputStream in = Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                counters.contentReads().increment();
                return MessageEncoder.wireSize(in);
            } catch (NoSuchFileException e) {
                // Renamed (flags, new/ to cur/) or removed since the scan: look once more, a bounded
                // number of times per listing.
                if (rescans++ >= MAX_RESCANS || !rescanFinds(base)) return -1;
            } catch (IOException e) {
                // Leave it out of this snapshot rather than refuse the whole maildrop; it stays on disk.
                LOG.log(System.Logger.Level.WARNING, "cannot read " + path + "; not listed this time", e);
                return -1;
            }
        }
    }

    /**
     * Refreshes where the listed messages are. One not found keeps its old path: {@code open} finds it
     * gone then. Returns whether {@code base} was found.
     */
    private boolean rescanFinds(String base) {
        try {
            Map<String, Path> fresh = MaildirScanner.scan(maildir);
            paths.replaceAll((b, old) -> fresh.getOrDefault(b, old));
            return fresh.containsKey(base);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot rescan " + maildir, e);
            return false;
        }
    }

    private MaildirIndex readIndex() {
        try {
            return MaildirIndex.read(maildir);
        } catch (IOException e) {
            // Unreadable now (not malformed): work without it, and do not overwrite it, since it may hold
            // imported UIDLs that the next, working read must still find.
            LOG.log(System.Logger.Level.WARNING, "cannot read the index of " + maildir + "; not using it", e);
            indexUnreadable = true;
            incomplete = true; // the next listing may read it, and list its UIDLs
            return null;
        }
    }

    /** Rewrites the index only when it changed: a login with nothing new writes nothing. */
    private void writeIndexIfChanged(MaildirIndex old, MaildirIndex fresh) {
        if (fresh.equals(old) || indexUnreadable) return;
        try {
            fresh.write(maildir);
            indexRewritten = true;
            counters.indexWrites().increment();
        } catch (IOException e) {
            // The listing is still right; the sizes are just computed again next time (so not cached).
            incomplete = true;
            LOG.log(System.Logger.Level.WARNING, "cannot write the index of " + maildir, e);
        }
    }
}
