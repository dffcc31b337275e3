// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What Dovecot's {@code dovecot-uidlist} says about a maildir: the UIDVALIDITY and, per base name, the
 * IMAP UID and the optional POP3 UIDL ({@code P}) and virtual size ({@code W}). Immutable.
 *
 * <p>Format (Dovecot's Maildir documentation, version 3, Dovecot 1.1 and later): a header
 * {@code 3 V<uidvalidity> N<nextuid> G<guid> ...} whose fields come in any order, then one line per
 * message {@code <uid> [<key><value> ...] :<filename>}, the file name being the rest of the line.
 * The file belongs to Dovecot and may be written by anyone who can write the maildir, so it is parsed
 * defensively: bounded, and a malformed message line is skipped rather than trusted.
 *
 * @param uidValidity the IMAP UIDVALIDITY (1 to 2^32-1)
 * @param nextUid     the UID Dovecot will give the next message, as the header says (0 if absent)
 * @param entries     per base name (the file name without its {@code :2,} info part)
 */
record DovecotUidlist(long uidValidity, long nextUid, Map<String, Entry> entries) {

    /** The file's name in the maildir. */
    static final String FILE_NAME = "dovecot-uidlist";

    /** Bounds: 8 KiB a line, 256 MiB and 4 million messages a file (far above real maildirs). */
    static final int MAX_LINE = 8192;
    static final long MAX_BYTES = 256L * 1024 * 1024;
    static final int MAX_ENTRIES = 4_000_000;

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    /**
     * One message line.
     *
     * @param uid         the IMAP UID
     * @param pop3Uidl    the {@code P} field (the UIDL Dovecot showed, when it saved or migrated one), or null
     * @param virtualSize the {@code W} field (size with CRLF line ends), or -1
     */
    record Entry(long uid, String pop3Uidl, long virtualSize) {}

    DovecotUidlist {
        entries = Collections.unmodifiableMap(entries);
    }

    /**
     * The UIDL Dovecot showed POP3 clients for this message: the {@code P} field when present, else
     * what Dovecot's default {@code pop3_uidl_format = %08Xu%08Xv} gives (UID, then UIDVALIDITY, each as
     * 8 upper-case hex digits).
     */
    String shownUidl(Entry entry) {
        if (entry.pop3Uidl() != null) return entry.pop3Uidl();
        return String.format(Locale.ROOT, "%08X%08X", entry.uid(), uidValidity);
    }

    /** The largest UID in the file, or 0. */
    long maxUid() {
        long max = 0;
        for (Entry e : entries.values()) max = Math.max(max, e.uid());
        return max;
    }

    /**
     * Parses a uidlist.
     *
     * @throws MalformedFileException when the header is not a version 3 header with a valid
     *                                UIDVALIDITY, or a bound is exceeded
     */
    static DovecotUidlist parse(InputStream in) throws IOException {
        LineReader lines = new LineReader(in, MAX_LINE, MAX_BYTES);
        String header = lines.next();
        if (header == null) throw new MalformedFileException("empty uidlist");
        String[] fields = header.split(" ");
        if (!fields[0].equals("3")) throw new MalformedFileException("not a version 3 uidlist");
        long validity = 0;
        long next = 0;
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i];
            if (f.length() < 2) continue;
            if (f.charAt(0) == 'V') validity = parseUint32(f, 1);
            if (f.charAt(0) == 'N') next = Math.max(0, parseUint32(f, 1));
        }
        if (validity <= 0) throw new MalformedFileException("uidlist without a valid UIDVALIDITY");
        Map<String, Entry> entries = new HashMap<>();
        String line;
        while ((line = lines.next()) != null) {
            if (entries.size() >= MAX_ENTRIES) throw new MalformedFileException("too many uidlist entries");
            parseRecord(line, entries);
        }
        return new DovecotUidlist(validity, next, entries);
    }

    /** Adds one message line; a malformed one is skipped (Dovecot rebuilds such a file itself). */
    private static void parseRecord(String line, Map<String, Entry> entries) {
        int space = line.indexOf(' ');
        if (space < 0) return;
        long uid = parseUint32(line.substring(0, space), 0);
        if (uid <= 0) return;
        String pop3Uidl = null;
        long vsize = -1;
        int pos = space + 1;
        while (pos < line.length() && line.charAt(pos) != ':') {
            int end = line.indexOf(' ', pos);
            if (end < 0) return; // fields but no ":filename"
            if (end > pos + 1) {
                char key = line.charAt(pos);
                if (key == 'P') pop3Uidl = line.substring(pos + 1, end);
                if (key == 'W') vsize = MaildirName.parseDigits(line, pos + 1, end);
            }
            pos = end + 1;
        }
        if (pos >= line.length() - 1) return; // no file name
        String fileName = line.substring(pos + 1);
        if (fileName.indexOf('/') >= 0 || fileName.indexOf('\0') >= 0) return;
        // A later line for the same name wins: Dovecot appends a new UID when a name reappears.
        entries.put(MaildirName.baseOf(fileName), new Entry(uid, pop3Uidl, vsize));
    }

    /** Parses 1-10 decimal digits from {@code start} as an unsigned 32-bit number; -1 if invalid. */
    private static long parseUint32(String s, int start) {
        if (s.length() - start > 10) return -1;
        long v = MaildirName.parseDigits(s, start, s.length());
        return v > MAX_UINT32 ? -1 : v;
    }
}
