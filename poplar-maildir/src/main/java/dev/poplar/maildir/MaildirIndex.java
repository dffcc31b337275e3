// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The per-maildir file {@code poplar-index}: the POP3 size of each message whose name does not carry
 * one, the UIDLs taken over from Dovecot, and which Dovecot UIDLs this maildir takes over. Immutable.
 *
 * <p>Format, inside the {@link RecordFile} envelope (header {@code poplar-index 1}): a first record
 * {@code import <uidvalidity> <uid-bound>} ({@code import 0 0} for none), then one record per message
 * {@code <name> [s<size>] [u<uidl>]}, the base name and the UIDL percent-encoded ({@link NameCodec}).
 * Sizes are computed once and kept (design.md: never read every message at login). Imported UIDLs are
 * kept too, so they survive the uidlist being removed or rebuilt after the move to Poplar.
 *
 * @param importMark which Dovecot UIDLs are taken over
 * @param entries    what is known per base name
 */
record MaildirIndex(ImportMark importMark, Map<String, Entry> entries) {

    /** The file's name in the maildir. */
    static final String FILE_NAME = "poplar-index";

    static final String HEADER = "poplar-index 1";

    /** A base name is at most 255 bytes (NAME_MAX), 765 encoded; 4 million entries, 256 MiB. */
    static final RecordFile.Bounds BOUNDS = new RecordFile.Bounds(2048, 256L * 1024 * 1024, 4_000_001);

    /** Largest size we accept from the file: 1 PiB, far above any message, far below overflow. */
    static final long MAX_SIZE = 1L << 50;

    private static final System.Logger LOG = System.getLogger(MaildirIndex.class.getName());

    /**
     * What we know of one message.
     *
     * @param size its POP3 size, or -1 (its name carries it)
     * @param uidl the UIDL taken over from Dovecot, or null
     */
    record Entry(long size, String uidl) {}

    /**
     * Which Dovecot UIDLs this maildir takes over (protocol.md §3 migration). Fixed when the index is
     * first written: the messages Dovecot had numbered by then ({@code uid < uidBound}) are the ones
     * whose UIDL a POP3 client may have seen from Dovecot. Messages Dovecot numbers later (Dovecot IMAP
     * or LDA still running beside us) keep the id we gave them, so a client never sees an id change.
     *
     * @param uidValidity the uidlist's UIDVALIDITY then (0: none); a different one now means a rebuilt
     *                    uidlist, whose UIDs no POP3 client has seen from Dovecot
     * @param uidBound    one more than the highest UID taken over
     */
    record ImportMark(long uidValidity, long uidBound) {
        static final ImportMark NONE = new ImportMark(0, 0);

        /** Whether this uidlist entry's UIDL is the one to keep. */
        boolean covers(DovecotUidlist list, DovecotUidlist.Entry entry) {
            return uidValidity > 0 && list.uidValidity() == uidValidity && entry.uid() < uidBound;
        }

        /** The mark for a maildir seen for the first time with this uidlist (or none). */
        static ImportMark of(DovecotUidlist list) {
            if (list == null) return NONE;
            return new ImportMark(list.uidValidity(), Math.max(list.nextUid(), list.maxUid() + 1));
        }
    }

    MaildirIndex {
        entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Reads the index of a maildir.
     *
     * @return the index, or null when there is none or it is malformed (it is then rebuilt)
     * @throws IOException when it exists but cannot be read
     */
    static MaildirIndex read(Path maildir) throws IOException {
        Path file = maildir.resolve(FILE_NAME);
        Map<String, Entry> entries = new HashMap<>();
        ImportMark[] mark = new ImportMark[1];
        RecordFile.Result result = RecordFile.read(file, HEADER, BOUNDS, line -> {
            if (mark[0] == null) {
                mark[0] = parseMark(line);
                return mark[0] != null;
            }
            return parseEntry(line, entries);
        });
        if (result == RecordFile.Result.VALID && mark[0] != null) return new MaildirIndex(mark[0], entries);
        if (result != RecordFile.Result.MISSING) {
            LOG.log(System.Logger.Level.WARNING, "ignoring malformed {0}; it will be rebuilt", file);
        }
        return null;
    }

    /** Writes the index crash-safely (temporary file, fsync, atomic rename). */
    void write(Path maildir) throws IOException {
        // Losing the rename in a crash only means sizes are computed again and the import mark set again
        // from the same uidlist: no directory fsync needed.
        String head = "import " + importMark.uidValidity() + " " + importMark.uidBound();
        Iterable<String> records = () -> Stream.concat(Stream.of(head),
                entries.entrySet().stream().map(MaildirIndex::format)).iterator();
        RecordFile.write(maildir, FILE_NAME, HEADER, records, false);
    }

    private static String format(Map.Entry<String, Entry> e) {
        StringBuilder line = new StringBuilder(NameCodec.encode(e.getKey()));
        if (e.getValue().size() >= 0) line.append(" s").append(e.getValue().size());
        if (e.getValue().uidl() != null) line.append(" u").append(NameCodec.encode(e.getValue().uidl()));
        return line.toString();
    }

    private static ImportMark parseMark(String line) {
        String[] f = line.split(" ", -1);
        if (f.length != 3 || !f[0].equals("import")) return null;
        long validity = MaildirName.parseDigits(f[1], 0, f[1].length());
        long bound = MaildirName.parseDigits(f[2], 0, f[2].length());
        if (validity < 0 || bound < 0) return null;
        return validity == 0 ? ImportMark.NONE : new ImportMark(validity, bound);
    }

    private static boolean parseEntry(String line, Map<String, Entry> entries) {
        Iterator<String> fields = Arrays.asList(line.split(" ", -1)).iterator();
        String base = NameCodec.decode(fields.next());
        long size = -1;
        String uidl = null;
        while (fields.hasNext()) {
            String f = fields.next();
            if (f.length() < 2) return false;
            if (f.charAt(0) == 's' && size < 0) {
                size = MaildirName.parseDigits(f, 1, f.length());
                if (size < 0 || size > MAX_SIZE) return false;
            } else if (f.charAt(0) == 'u' && uidl == null) {
                uidl = NameCodec.decode(f.substring(1));
                if (uidl == null) return false;
            } else {
                return false; // unknown or repeated field: not a file we wrote
            }
        }
        if (base == null || (size < 0 && uidl == null)) return false;
        return entries.putIfAbsent(base, new Entry(size, uidl)) == null;
    }
}
