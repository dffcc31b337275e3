// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Parsed {@code dovecot-uidlist} files, kept while the file's identity, modification time and size
 * stay the same, so a login does not parse a large uidlist again. Read-only: we never write Dovecot's
 * files. Thread-safe.
 */
final class UidlistCache {
    /** Maildirs kept; a bound on memory, least recently used ones go first. */
    static final int MAX_CACHED = 256;

    private static final System.Logger LOG = System.getLogger(UidlistCache.class.getName());

    /** Dovecot appends (size and time change) or replaces by rename (identity changes). */
    private record Stamp(Object fileKey, long modifiedNanos, long size) {}

    /** A null list records a malformed file, so it is not parsed again until it changes. */
    private record Cached(Stamp stamp, DovecotUidlist list) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Path, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };
    private final LongAdder parses = new LongAdder();

    /**
     * The uidlist of a maildir, or null when there is none or it is malformed.
     *
     * @throws IOException when it exists but cannot be read
     */
    DovecotUidlist get(Path maildir) throws IOException {
        Path file = maildir.resolve(DovecotUidlist.FILE_NAME);
        Stamp stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) return null;
            stamp = new Stamp(a.fileKey(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size());
        } catch (NoSuchFileException e) {
            return null;
        }
        Cached cached = locked(() -> cache.get(maildir));
        if (cached != null && Objects.equals(cached.stamp(), stamp)) return cached.list();
        // Parse outside the lock (design.md: no lock held around blocking I/O).
        DovecotUidlist list;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            parses.increment();
            list = DovecotUidlist.parse(in);
        } catch (MalformedFileException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring malformed {0}: {1}", file, e.getMessage());
            list = null;
        } catch (NoSuchFileException e) {
            return null; // replaced between stat and open; the next login reads the new one
        }
        Cached fresh = new Cached(stamp, list);
        locked(() -> cache.put(maildir, fresh));
        return list;
    }

    /** How many times a uidlist was parsed; for tests. */
    long parses() {
        return parses.sum();
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
