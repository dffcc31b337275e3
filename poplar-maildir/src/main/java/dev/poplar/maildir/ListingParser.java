// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.maildir.MaildirListing.Listed;
import dev.poplar.protocol.Limits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the records of a {@code poplar-listing} file ({@link ListingFile}) whose envelope is valid.
 * A big maildir has 100,000 records and they are all the work of a cached login, so they are taken
 * apart in the file's bytes, each byte looked at once, and checked as strictly as the scan that wrote
 * them: a file that breaks any rule was not written by us and is not used. Not thread-safe: one per read.
 */
final class ListingParser {
    private final byte[] b;
    private final int end;
    private final long records;
    private final Path cur;
    private final Path fresh;
    /** The next byte to read; every record ends with an LF, so scans stop at the latest there. */
    private int pos;

    /** A parser of a file read by {@link RecordFile#readWhole}, whose result is VALID. */
    ListingParser(RecordFile.Whole whole, Path maildir) {
        this.b = whole.bytes();
        this.pos = whole.start();
        this.end = whole.end();
        this.records = whole.records();
        this.cur = maildir.resolve(MaildirScanner.CUR);
        this.fresh = maildir.resolve(MaildirScanner.NEW);
    }

    /** The listing, if the file's key line is {@code key}. */
    ListingFile.Read parse(String key) {
        if (records < 2) return ListingFile.Read.MALFORMED;
        String first = line();
        if (!first.equals(key)) {
            // Another key: out of date, not damaged (a first line that is no key at all is damage).
            return first.startsWith(ListingKey.PREFIX) ? ListingFile.Read.STALE : ListingFile.Read.MALFORMED;
        }
        String second = line();
        long count = second.startsWith(ListingFile.COUNT)
                ? MaildirName.parseDigits(second, ListingFile.COUNT.length(), second.length()) : -1;
        if (count != records - 2 || count > ListingFile.MAX_MESSAGES) return ListingFile.Read.MALFORMED;
        List<Listed> listed = new ArrayList<>((int) count);
        // Sized once from the count: a table grown step by step to 100,000 entries is rehashed 14 times.
        Set<String> bases = HashSet.newHashSet((int) count);
        Set<String> explicit = null; // ids other than the base name (imported, derived): usually none
        while (pos < end) {
            Listed m = record();
            // Unique base names and ids, as a scan gives them (protocol.md §3). A natural id is its base
            // name, so it is unique with it; explicit ones are checked here and against natural ones below.
            if (m == null || !bases.add(m.base())) return ListingFile.Read.MALFORMED;
            if (m.uid() != m.base()) {
                if (explicit == null) explicit = new HashSet<>();
                if (!explicit.add(m.uid())) return ListingFile.Read.MALFORMED;
            }
            listed.add(m);
        }
        if (explicit != null) {
            for (Listed m : listed) {
                if (m.uid() == m.base() && explicit.contains(m.uid())) return ListingFile.Read.MALFORMED;
            }
        }
        return new ListingFile.Read(ListingFile.Outcome.VALID, listed);
    }

    /**
     * One message record, {@code <size> <received|-> <cur|new> <name> [<uid>]} and its LF; null for
     * anything {@link ListingFile} could not have written.
     */
    private Listed record() {
        long size = number();
        if (size < 0 || size > MaildirIndex.MAX_SIZE) return null;
        Instant received = null;
        if (b[pos] == '-' && b[pos + 1] == ' ') {
            pos += 2;
        } else {
            long seconds = number();
            if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) return null;
            received = Instant.ofEpochSecond(seconds);
        }
        Path dir = word(MaildirScanner.CUR) ? cur : word(MaildirScanner.NEW) ? fresh : null;
        if (dir == null) return null;

        // The name, in one pass: where it ends, whether encode() left it as it is ("plain": 0x21-0x7E,
        // no %), whether it holds a slash, and where its info part (":2,") starts.
        int start = pos;
        int info = -1;
        boolean plain = true;
        boolean slash = false;
        for (byte c; (c = b[pos]) != ' ' && c != '\n'; pos++) {
            if (c < 0x21 || c == 0x7F || c == '%') { // bytes are signed: non-ASCII ones are below 0x21
                plain = false;
            } else if (c == '/') {
                slash = true;
            } else if (c == ':' && info < 0 && b[pos + 1] == '2' && b[pos + 2] == ',') {
                info = pos;
            }
        }
        if (pos == start) return null;
        String name;
        String base;
        if (plain) {
            name = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
            // The base name as MaildirName.baseOf gives it: the name up to its first ":2,".
            base = info < 0 ? name : new String(b, start, info - start, StandardCharsets.ISO_8859_1);
        } else {
            // Decoded by NameCodec, which refuses what encode() cannot have written (non-ASCII bytes
            // become U+FFFD here, which it refuses too).
            name = NameCodec.decode(new String(b, start, pos - start, StandardCharsets.US_ASCII));
            if (name == null) return null;
            slash = name.indexOf('/') >= 0 || name.indexOf('\0') >= 0;
            base = MaildirName.baseOf(name);
        }
        // Only a name in cur/ or new/ as the scanner lists them: never a path, a dot file or "..".
        if (slash || name.charAt(0) == '.') return null;

        String uid = base;
        if (b[pos] == ' ') {
            pos++;
            uid = NameCodec.decode(line()); // a space in it makes decode() refuse it: at most five fields
            // format() leaves out an id equal to the base name.
            if (uid == null || uid.equals(base) || !Limits.isValidUniqueId(uid)) return null;
        } else {
            pos++; // the LF
            if (!isValidNaturalId(base, plain)) return null;
        }
        return new Listed(uid, size, base, dir.resolve(name), received);
    }

    /**
     * {@link Limits#isValidUniqueId} for a base name used as the id. A plain name is already known to be
     * all 0x21-0x7E, so only the length and {@code _} remain (a second pass over 100,000 names costs
     * several milliseconds).
     */
    private static boolean isValidNaturalId(String base, boolean plain) {
        if (!plain) return Limits.isValidUniqueId(base);
        return !base.isEmpty() && base.length() <= Limits.MAX_UNIQUE_ID_OCTETS && !base.equals("_");
    }

    /** 1-18 decimal digits and a space, moving past both; -1 if the field is anything else. */
    private long number() {
        int start = pos;
        long value = 0;
        while (pos - start < MaildirName.MAX_DIGITS && b[pos] >= '0' && b[pos] <= '9') {
            value = value * 10 + (b[pos] - '0');
            pos++;
        }
        if (pos == start || b[pos] != ' ') return -1;
        pos++;
        return value;
    }

    /** Whether this ASCII word and a space come next; if so, moves past them. */
    private boolean word(String ascii) {
        int n = ascii.length();
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != ascii.charAt(i)) return false; // stops at the LF at the latest
        }
        if (b[pos + n] != ' ') return false;
        pos += n + 1;
        return true;
    }

    /** The rest of the line as UTF-8, moving past its LF. */
    private String line() {
        int start = pos;
        while (b[pos] != '\n') pos++;
        return new String(b, start, pos++ - start, StandardCharsets.UTF_8);
    }
}
