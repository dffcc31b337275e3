// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.maildir.MaildirListing.Listed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The format of {@code poplar-listing} ({@link ListingCache}). Stateless.
 *
 * <p>Inside the {@link RecordFile} envelope (header {@code poplar-listing 1}): the {@link ListingKey}
 * line, then {@code messages <n>}, then one record per message in listing order,
 * {@code <size> <received> <cur|new> <file name> [<uid>]}: the received time in epoch seconds or
 * {@code -}, the file name and the unique-id percent-encoded ({@link NameCodec}), the unique-id left
 * out when it is the base name (the usual case). Paths are relative to the maildir, so a moved maildir
 * still finds its messages.
 */
final class ListingFile {

    /** The file's name in the maildir. */
    static final String FILE_NAME = "poplar-listing";

    static final String HEADER = "poplar-listing 1";

    /**
     * Most messages in one file. The file is read whole, so this and {@link #MAX_BYTES} bound what a
     * damaged or planted file can make a login allocate. A bigger maildir is simply scanned.
     */
    static final int MAX_MESSAGES = 1_000_000;

    /**
     * Largest file read or written. A record is ~70 bytes for a usual name (at most ~1,020: a 255-byte
     * name encodes to 765, a unique-id to 210), so this holds {@link #MAX_MESSAGES} usual ones.
     */
    static final long MAX_BYTES = 128L * 1024 * 1024;

    /** How the second record, the number of messages, begins. */
    static final String COUNT = "messages ";

    /** What {@link #read} found. */
    enum Outcome { MISSING, STALE, MALFORMED, VALID }

    /**
     * What was read.
     *
     * @param outcome what the file was
     * @param listed  the listing when {@link Outcome#VALID}, else null
     */
    record Read(Outcome outcome, List<Listed> listed) {
        static final Read MISSING = new Read(Outcome.MISSING, null);
        static final Read STALE = new Read(Outcome.STALE, null);
        static final Read MALFORMED = new Read(Outcome.MALFORMED, null);
    }

    private ListingFile() {}

    /**
     * Reads the file of a maildir, if its key line is {@code key}: a file with another key is
     * {@link Outcome#STALE}.
     *
     * @throws IOException when it exists but cannot be read
     */
    static Read read(Path maildir, String key) throws IOException {
        RecordFile.Whole whole = RecordFile.readWhole(maildir.resolve(FILE_NAME), HEADER, MAX_BYTES);
        if (whole.result() == RecordFile.Result.MISSING) return Read.MISSING;
        if (whole.result() != RecordFile.Result.VALID) return Read.MALFORMED;
        return new ListingParser(whole, maildir).parse(key);
    }

    /**
     * Writes the file (temporary file, fsync, rename: a reader sees the old file or the new one). No
     * directory fsync: it is a cache, and a lost rename only costs one more full scan.
     *
     * @return false when the listing is beyond {@link #MAX_MESSAGES} or {@link #MAX_BYTES}: nothing written
     */
    static boolean write(Path maildir, ListingKey key, List<Listed> listed) throws IOException {
        if (listed.size() > MAX_MESSAGES) return false;
        List<String> records = new ArrayList<>(listed.size() + 2);
        records.add(key.line());
        records.add(COUNT + listed.size());
        long bytes = 0;
        for (Listed m : listed) {
            String record = format(m);
            bytes += record.length() + 1; // ASCII: encode() leaves nothing else
            records.add(record);
        }
        // A file we would not read back must not be written (it would be, again, at every login).
        if (bytes > MAX_BYTES - 4096) return false;
        RecordFile.write(maildir, FILE_NAME, HEADER, records, false);
        return true;
    }

    private static String format(Listed m) {
        StringBuilder line = new StringBuilder(128);
        line.append(m.size()).append(' ');
        if (m.received() == null) {
            line.append('-');
        } else {
            line.append(m.received().getEpochSecond());
        }
        line.append(' ').append(m.path().getParent().getFileName()).append(' ');
        line.append(NameCodec.encode(m.path().getFileName().toString()));
        if (!m.uid().equals(m.base())) line.append(' ').append(NameCodec.encode(m.uid()));
        return line.toString();
    }
}
