// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.maildir.MaildirListing.Listed;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listing cache: a big maildir's last listing kept in {@code poplar-listing} ({@link ListingFile})
 * with the {@link ListingKey} of everything it was computed from. A login to a maildir whose key is
 * unchanged reads that one file instead of {@code cur/} and {@code new/} (a readdir and an lstat per
 * message, then a name parse, a sort and the id rules: most of a second for 100,000 messages). It is
 * only a cache and is never trusted more than the directories: any doubt means a full scan. Thread-safe:
 * holds only its settings.
 */
final class ListingCache {

    /**
     * Smallest listing worth caching. Below it a scan costs a few milliseconds, less than the extra
     * file write that every change to the maildir would then cost.
     */
    static final int MIN_MESSAGES = 1_000;

    /**
     * How much older than a scan the directories' mtimes must be for the scan to be saved: above any
     * file system's timestamp tick (Dovecot uses the same two seconds, see {@link ListingKey#settledBefore}).
     */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(ListingCache.class.getName());

    /**
     * What was true before a listing: the time, and the key.
     *
     * @param started the wall-clock time before the key was read
     * @param key     the stamps then
     */
    record Before(Instant started, ListingKey key) {}

    /** Listings kept in memory as well, for the next login to the same maildir on this server. */
    static final int MEMORY_ENTRIES = 64;

    private final int minMessages;
    private final Clock clock;
    private final boolean inMemory;
    /**
     * The last listing of each recently listed big maildir, with the key line it was made under: a
     * login whose key matches skips even reading the file (about 50 ms for 100,000 messages). Soft
     * references, so the collector takes them back under memory pressure; at most MEMORY_ENTRIES.
     */
    private final Map<Path, SoftReference<Remembered>> memory = new ConcurrentHashMap<>();

    /** One listing in memory: immutable, shared by the sessions that log in while it is current. */
    private record Remembered(String keyLine, List<Listed> listed) {}

    /** The cache as the store uses it. */
    ListingCache() {
        this(MIN_MESSAGES, Clock.systemUTC(), true);
    }

    /** A cache with another threshold or clock, and only the file (as after a restart); for tests. */
    ListingCache(int minMessages, Clock clock) {
        this(minMessages, clock, false);
    }

    /** A cache with another threshold or clock, with or without the in-memory copies; for tests. */
    ListingCache(int minMessages, Clock clock, boolean inMemory) {
        this.minMessages = minMessages;
        this.clock = clock;
        this.inMemory = inMemory;
    }

    /**
     * Notes the time and the key before a listing; null when a stamp cannot be read (then the cache is
     * neither used nor saved, and the full scan reports whatever is wrong).
     */
    Before before(Path maildir) {
        Instant started = clock.instant(); // first: the key must not be read before the time it is judged by
        try {
            return new Before(started, ListingKey.of(maildir));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The cached listing of a maildir when its key is the one read {@code before}; null otherwise (no
     * file, another key, unreadable or malformed: a malformed file is removed, with one warning).
     */
    List<Listed> lookup(Path maildir, Before before) {
        SoftReference<Remembered> ref = inMemory ? memory.get(maildir) : null;
        Remembered kept = ref == null ? null : ref.get();
        if (kept != null && kept.keyLine().equals(before.key().line())) return kept.listed();
        ListingFile.Read read;
        try {
            read = ListingFile.read(maildir, before.key().line());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the listing cache of " + maildir + "; scanning", e);
            return null;
        }
        if (read.outcome() == ListingFile.Outcome.MALFORMED) {
            // We only rename complete files into place: this one was damaged from outside. Drop it; the
            // next trusted scan writes a new one.
            Path file = maildir.resolve(ListingFile.FILE_NAME);
            LOG.log(System.Logger.Level.WARNING, "removing malformed {0}; it will be rebuilt", file);
            Durable.deleteQuietly(file);
        }
        return read.listed() == null ? null : remember(maildir, before.key().line(), read.listed());
    }

    /** Keeps a listing in memory under its key line and returns the shared, unmodifiable copy. */
    private List<Listed> remember(Path maildir, String keyLine, List<Listed> listed) {
        List<Listed> shared = List.copyOf(listed);
        if (!inMemory) return shared;
        if (memory.size() >= MEMORY_ENTRIES && !memory.containsKey(maildir)) memory.clear(); // crude, bounded
        memory.put(maildir, new SoftReference<>(new Remembered(keyLine, shared)));
        return shared;
    }

    /**
     * Saves a listing made by a full scan, when it can be trusted and is worth it. A maildir too small
     * for a cache loses its old file (an unlink that usually finds nothing), so a maildir that shrank does
     * not keep a big stale one. A stale file is otherwise left in place: its key no longer matches, which
     * costs one read of it (milliseconds, next to the scan's hundreds), and the next trusted scan
     * replaces it.
     *
     * @param before         what {@link #before} said before the scan
     * @param listed         the listing, which saw no error (no skipped message, usable index)
     * @param indexRewritten whether the listing wrote {@code poplar-index}
     */
    void save(Path maildir, Before before, List<Listed> listed, boolean indexRewritten, StoreCounters counters) {
        Path file = maildir.resolve(ListingFile.FILE_NAME);
        if (listed.size() < minMessages) {
            Durable.deleteQuietly(file);
            return;
        }
        try {
            ListingKey after = ListingKey.of(maildir);
            // Trusted only if nothing changed while we read (same stamps after as before), and nothing can
            // have changed unseen in the directories' last mtime tick.
            if (!after.sameSourcesAs(before.key()) || !before.key().settledBefore(before.started(), SETTLE)) return;
            // The index stamp kept is the one after our own rewrite (a session rewriting it meanwhile from the
            // same directories and uidlist writes the same content); without a rewrite it must not have moved.
            if (!indexRewritten && !Objects.equals(after.index(), before.key().index())) return;
            if (ListingFile.write(maildir, after, listed)) {
                counters.listingWrites().increment();
                remember(maildir, after.line(), listed);
            } else {
                Durable.deleteQuietly(file); // too big to cache: drop what an earlier, smaller listing left
            }
        } catch (IOException | RuntimeException e) {
            // The listing is right; the next login scans again.
            LOG.log(System.Logger.Level.WARNING, "cannot write " + file, e);
        }
    }
}
