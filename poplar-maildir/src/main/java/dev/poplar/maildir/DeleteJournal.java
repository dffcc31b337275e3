// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delete journal, which makes removing several Maildir messages all-or-none (RFC 1939 §6 UPDATE,
 * protocol.md §2). Stateless.
 *
 * <p>Maildir has no multi-file transaction: each message is one {@code unlink}. So before unlinking,
 * the base names are written to {@code poplar-journal.<unique>} in the maildir (envelope
 * {@link RecordFile}, header {@code poplar-journal 1}, one percent-encoded base name per record),
 * fsynced and renamed into place, and the maildir fsynced. That rename is the commit point: a journal
 * that exists is complete, and every message it names is removed, by this session or, after a crash,
 * by the next listing ({@link #replay}). A crash before it leaves no journal and removes nothing.
 */
final class DeleteJournal {
    static final String PREFIX = "poplar-journal.";
    static final String HEADER = "poplar-journal 1";
    static final RecordFile.Bounds BOUNDS = new RecordFile.Bounds(1024, 256L * 1024 * 1024, 4_000_000);

    private static final System.Logger LOG = System.getLogger(DeleteJournal.class.getName());

    /**
     * What {@link #replay} did.
     *
     * @param found      whether any journal was there: a delete was under way, so a cached listing from
     *                   before it must not be used
     * @param unfinished the base names of journals that could not be finished; not to be listed
     */
    record Replayed(boolean found, Set<String> unfinished) {}

    private DeleteJournal() {}

    /** Writes a journal naming these base names and makes it durable; returns its path. */
    static Path commit(Path maildir, Collection<String> bases) throws IOException {
        // A journal that replay would reject as too large must not become a commit point.
        if (bases.size() > BOUNDS.maxRecords()) throw new IOException("too many messages for one journal");
        String name = PREFIX + UniqueNames.next();
        List<String> records = new ArrayList<>(bases.size());
        for (String base : bases) records.add(NameCodec.encode(base));
        try {
            RecordFile.write(maildir, name, HEADER, records, true);
        } catch (IOException | RuntimeException e) {
            // The rename may have happened before the directory fsync failed: take the journal back, or a
            // later replay would remove messages this call reports as not removed.
            Durable.deleteQuietly(maildir.resolve(name));
            throw e;
        }
        return maildir.resolve(name);
    }

    /**
     * Finishes every journal left in the maildir (by a crash, or by a session still finishing: unlinking
     * twice is harmless) and removes it.
     *
     * @return whether there were journals, and the base names of those that could not be finished
     * @throws IOException when the maildir or a journal cannot be read
     */
    static Replayed replay(Path maildir) throws IOException {
        Set<String> unfinished = new LinkedHashSet<>();
        List<Path> journals = pending(maildir);
        for (Path journal : journals) {
            Set<String> bases = new LinkedHashSet<>();
            RecordFile.Result result = RecordFile.read(journal, HEADER, BOUNDS, line -> {
                String base = NameCodec.decode(line);
                return base != null && bases.add(base);
            });
            if (result == RecordFile.Result.MISSING) continue; // finished by its own session meanwhile
            if (result == RecordFile.Result.MALFORMED) {
                // We only rename complete journals into place, so this one was damaged from outside.
                // Nothing it names can be trusted as committed: remove none, drop the journal.
                LOG.log(System.Logger.Level.WARNING, "dropping malformed delete journal {0}", journal);
                Files.deleteIfExists(journal);
                continue;
            }
            try {
                Expunger.unlinkAll(maildir, bases, Map.of());
                Files.deleteIfExists(journal);
                LOG.log(System.Logger.Level.INFO, "finished delete journal {0} ({1} messages)", journal, bases.size());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not finish delete journal " + journal + "; will retry", e);
                unfinished.addAll(bases);
            }
        }
        return new Replayed(!journals.isEmpty(), unfinished);
    }

    /** The journals in a maildir; removes temporary files a crash left behind for more than 36 hours. */
    static List<Path> pending(Path maildir) throws IOException {
        List<Path> journals = new ArrayList<>();
        Instant staleBefore = Instant.now().minusSeconds(RecordFile.STALE_SECONDS);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(maildir)) {
            for (Path path : entries) {
                String name = path.getFileName().toString();
                if (name.startsWith(PREFIX)) {
                    if (MaildirScanner.isRegularFile(path)) journals.add(path);
                } else if (name.startsWith(RecordFile.TEMP_PREFIX) && isOlderThan(path, staleBefore)) {
                    Durable.deleteQuietly(path);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        journals.sort(null);
        return journals;
    }

    private static boolean isOlderThan(Path path, Instant instant) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.lastModifiedTime().toInstant().isBefore(instant);
        } catch (IOException e) {
            return false;
        }
    }
}
