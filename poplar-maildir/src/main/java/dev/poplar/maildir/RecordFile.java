// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The envelope of the text files this store writes in a maildir (the size index, the delete journals
 * and the listing cache): a header line naming the format, one record per line, and a trailer
 * {@code end <records> <crc32-hex>} covering every byte before it. Stateless.
 *
 * <p>Files are written to a temporary name, fsynced and renamed into place, so a reader sees the old
 * file or the new one, never a part (the rule Dovecot follows for {@code dovecot-uidlist}, research
 * notes §4.2). The trailer still catches damage from outside (a truncating copy, a hand edit).
 */
final class RecordFile {

    /** Prefix of temporary files; ones older than {@link #STALE_SECONDS} are left-overs of a crash. */
    static final String TEMP_PREFIX = "poplar-tmp.";

    /** qmail's maildir(5) rule for tmp/: a file not touched for 36 hours is abandoned. */
    static final long STALE_SECONDS = 36 * 3600;

    private static final String TRAILER = "end ";

    /** What {@link #read} found. */
    enum Result { MISSING, VALID, MALFORMED }

    /** Bounds for reading one kind of file. */
    record Bounds(int maxLine, long maxBytes, long maxRecords) {}

    /**
     * A whole file read by {@link #readWhole}.
     *
     * @param result  what the file is
     * @param bytes   the file, when {@link Result#VALID}; else null
     * @param start   where the first record starts (after the header line)
     * @param end     where the trailer starts: the records are {@code bytes[start, end)}, each ending in LF
     * @param records how many records there are
     */
    record Whole(Result result, byte[] bytes, int start, int end, long records) {
        static final Whole MISSING = new Whole(Result.MISSING, null, 0, 0, 0);
        static final Whole MALFORMED = new Whole(Result.MALFORMED, null, 0, 0, 0);
    }

    private RecordFile() {}

    /**
     * Reads a file, handing each record line to {@code sink}, which returns {@code false} for a line it
     * rejects. On {@link Result#MALFORMED} the sink may have seen some records: callers discard them.
     *
     * @throws IOException when the file exists but cannot be read (not when it is malformed)
     */
    static Result read(Path file, String header, Bounds bounds, Predicate<String> sink) throws IOException {
        // NOFOLLOW_LINKS: a symbolic link planted in the maildir must not make us read another file.
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            LineReader lines = new LineReader(in, bounds.maxLine(), bounds.maxBytes());
            if (!header.equals(lines.next())) return Result.MALFORMED;
            // The trailer is the last line, whatever the records look like (a message may be named
            // "end"): read one line ahead so the current line is known to be a record or the trailer.
            long records = 0;
            long checksumBefore = lines.checksum();
            String current = lines.next();
            if (current == null) return Result.MALFORMED; // no trailer: truncated
            while (true) {
                long checksumAfter = lines.checksum();
                String next = lines.next();
                if (next == null) {
                    boolean intact = current.equals(trailer(records, checksumBefore)) && !lines.hadPartialTail();
                    return intact ? Result.VALID : Result.MALFORMED;
                }
                if (++records > bounds.maxRecords() || !sink.test(current)) return Result.MALFORMED;
                checksumBefore = checksumAfter;
                current = next;
            }
        } catch (NoSuchFileException e) {
            return Result.MISSING;
        } catch (MalformedFileException e) {
            return Result.MALFORMED;
        }
    }

    /**
     * Reads a whole file at once and checks its header, trailer and checksum, for a caller that parses
     * many records from the bytes itself: line by line, 100,000 records cost several times more. The
     * caller checks each record, as the sink of {@link #read} does.
     *
     * @param maxBytes the largest file accepted; it is held in memory
     * @throws IOException when the file exists but cannot be read (not when it is malformed)
     */
    static Whole readWhole(Path file, String header, long maxBytes) throws IOException {
        byte[] bytes;
        // NOFOLLOW_LINKS: a symbolic link planted in the maildir must not make us read another file.
        try (SeekableByteChannel channel =
                Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > Math.min(maxBytes, Integer.MAX_VALUE - 8)) return Whole.MALFORMED;
            bytes = new byte[(int) size];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full or at the end
            }
            if (buffer.hasRemaining()) return Whole.MALFORMED; // shorter than it was a moment ago
        } catch (NoSuchFileException e) {
            return Whole.MISSING;
        }
        byte[] head = (header + "\n").getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        if (n <= head.length || !Arrays.equals(bytes, 0, head.length, head, 0, head.length) || bytes[n - 1] != '\n') {
            return Whole.MALFORMED;
        }
        int end = n - 1; // the trailer is the last line, after the header at the least
        while (end > head.length && bytes[end - 1] != '\n') end--;
        long records = 0;
        for (int i = head.length; i < end; i++) {
            if (bytes[i] == '\n') records++;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, end);
        String trailer = new String(bytes, end, n - 1 - end, StandardCharsets.UTF_8);
        if (!trailer.equals(trailer(records, crc.getValue()))) return Whole.MALFORMED;
        return new Whole(Result.VALID, bytes, head.length, end, records);
    }

    /**
     * Writes a file crash-safely: a temporary file in the same directory, fsync, atomic rename, and with
     * {@code syncDirectory} an fsync of the directory so that the rename itself is durable.
     */
    static void write(Path dir, String name, String header, Iterable<String> records, boolean syncDirectory)
            throws IOException {
        Path temp = dir.resolve(TEMP_PREFIX + UniqueNames.next());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
                writeLine(checked, header);
                long count = 0;
                for (String record : records) {
                    writeLine(checked, record);
                    count++;
                }
                writeLine(raw, trailer(count, checked.getChecksum().getValue()));
                raw.flush();
                channel.force(true);
            }
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Durable.deleteQuietly(temp);
            throw e;
        }
        if (syncDirectory) Durable.syncDirectory(dir);
    }

    private static String trailer(long records, long checksum) {
        return TRAILER + records + " " + Long.toHexString(checksum);
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        if (line.indexOf('\n') >= 0) throw new IllegalArgumentException("a record is one line");
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
