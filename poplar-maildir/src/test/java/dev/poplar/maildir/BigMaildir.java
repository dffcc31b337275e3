// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;

import dev.poplar.maildir.MaildirListing.Listed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A maildir "big" enough for a listing cache whose threshold is {@link #MIN}, for the listing cache
 * tests: 12 messages, whose names take every path of the cache's format, in directories last changed
 * an hour ago. Used by one test.
 */
final class BigMaildir {
    /** The threshold in these tests. */
    static final int MIN = 10;

    final StoreCounters counters = new StoreCounters();
    final UidlistCache uidlists = new UidlistCache();
    final ListingCache cache = new ListingCache(MIN, Clock.systemUTC());
    private final Path root;
    private Path maildir;
    /** Each aging moves the directories' mtimes to a new past time, never back to one seen before. */
    private long agings;

    BigMaildir(Path root) throws IOException {
        this.root = root;
        this.maildir = root.resolve(USER);
        for (int i = 1; i <= 8; i++) {
            String base = "17000000" + (10 + i) + ".M" + i + "P1.host";
            if (i % 2 == 0) put(maildir, "cur", base + ",S=40,W=" + (100 + i) + ":2,S", message("m" + i));
            else put(maildir, "new", base, message("m" + i)); // no W=: the size is computed and indexed
        }
        // Undated, escaped bytes (space, tab, %), and a derived id (the name is not a valid unique-id).
        put(maildir, "cur", "handmade:2,", message("undated"));
        put(maildir, "cur", "1700000100.with space\tand tab.host:2,RS", message("spaces"));
        put(maildir, "new", "1700000101.100%.host", message("percent"));
        put(maildir, "cur", "1700000102." + "x".repeat(80) + ".host:2,", message("long"));
        age();
    }

    Path root() {
        return root;
    }

    Path maildir() {
        return maildir;
    }

    Path file() {
        return maildir.resolve(ListingFile.FILE_NAME);
    }

    /** Renames the maildir, as an administrator moving it would. */
    void moveTo(Path target) throws IOException {
        Files.move(maildir, target);
        maildir = target;
    }

    /** Moves cur/ and new/ an hour (and a bit more each time) into the past, as if untouched since. */
    void age() throws IOException {
        FileTime past = FileTime.from(Instant.now().minusSeconds(3600 + 60 * ++agings));
        Files.setLastModifiedTime(maildir.resolve("cur"), past);
        Files.setLastModifiedTime(maildir.resolve("new"), past);
    }

    List<Listed> take() throws IOException {
        return MaildirListing.take(maildir, uidlists, cache, counters);
    }

    /** What a full scan lists now, without the cache (the file is set aside and put back). */
    List<Listed> fullScan() throws IOException {
        Path aside = root.resolve("aside");
        boolean had = Files.exists(file());
        if (had) Files.move(file(), aside);
        try {
            return MaildirListing.take(maildir, new UidlistCache(), new ListingCache(Integer.MAX_VALUE, Clock.systemUTC()),
                    new StoreCounters());
        } finally {
            if (had) Files.move(aside, file());
        }
    }

    long hits() {
        return counters.listingHits().sum();
    }

    long writes() {
        return counters.listingWrites().sum();
    }

    /** The records of a file in our envelope, without its header and trailer. */
    static List<String> records(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return new java.util.ArrayList<>(lines.subList(1, lines.size() - 1));
    }
}
