// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Unlinks Maildir messages by base name, wherever they are now, durably. Stateless. */
final class Expunger {
    /** The known paths, then up to two fresh scans: a message renamed more often than that is odd. */
    private static final int MAX_ROUNDS = 3;

    private Expunger() {}

    /**
     * Unlinks the messages with these base names from {@code cur/} and {@code new/}, then fsyncs both
     * directories so the removals survive a crash. A message already gone is skipped (protocol.md §8,
     * snapshot policy: another session may have removed it first).
     *
     * @param known where each message was last seen; a missing or stale entry costs a rescan
     * @throws IOException when an unlink or fsync fails, or a message keeps moving
     */
    static void unlinkAll(Path maildir, Set<String> bases, Map<String, Path> known) throws IOException {
        Set<String> pending = new HashSet<>(bases);
        Map<String, Path> where = known;
        for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
            // A message renamed since it was seen (new/ to cur/, a flag change) is found again by name.
            if (round > 0) where = MaildirScanner.scan(maildir);
            for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
                String base = it.next();
                Path path = where.get(base);
                if (path == null) {
                    if (round > 0) it.remove(); // not in a fresh scan: already gone
                    continue;
                }
                try {
                    Files.delete(path);
                    it.remove();
                } catch (NoSuchFileException e) {
                    // renamed or removed meanwhile: the next round looks again
                }
            }
        }
        if (!pending.isEmpty()) throw new IOException(pending.size() + " messages kept moving while being removed");
        Durable.syncDirectoryIfPresent(maildir.resolve(MaildirScanner.CUR));
        Durable.syncDirectoryIfPresent(maildir.resolve(MaildirScanner.NEW));
    }
}
