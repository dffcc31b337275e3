// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads LF-terminated lines from a file that other programs or people may have written, with a bound
 * on each line and on the whole file (Dovecot CVE-2019-7524: an index file is attacker-influenced
 * input). Keeps a CRC-32 of everything read so far. Not thread-safe.
 */
final class LineReader {
    /** Buffer bounds: most files read at a login are a few lines, so the buffer starts small and grows. */
    private static final int FIRST_BUFFER = 4 * 1024;
    private static final int MAX_BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxLine;
    private final long maxBytes;
    private byte[] buffer = new byte[FIRST_BUFFER];
    private byte[] line;
    private final CRC32 crc = new CRC32();
    private int pos;
    private int limit;
    private long total;
    private boolean partialTail;

    /**
     * @param maxLine  longest accepted line in bytes, without the LF
     * @param maxBytes largest accepted file
     */
    LineReader(InputStream in, int maxLine, long maxBytes) {
        this.in = in;
        this.maxLine = maxLine;
        this.maxBytes = maxBytes;
        this.line = new byte[Math.min(maxLine, 256)]; // grows to maxLine only for long lines
    }

    /**
     * The next line without its LF, decoded as UTF-8 (malformed bytes become U+FFFD), or {@code null}
     * at the end. A last line without an LF is not returned: a writer may still be appending it;
     * {@link #hadPartialTail()} tells whether there was one.
     *
     * @throws MalformedFileException when a line or the file exceeds its bound
     */
    String next() throws IOException {
        int length = 0;
        while (true) {
            if (pos == limit && !fill()) {
                partialTail = length > 0;
                return null;
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') pos++;
            int chunk = pos - start;
            if (length + chunk > maxLine) throw new MalformedFileException("line longer than " + maxLine);
            if (length + chunk > line.length) line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, length + chunk)));
            System.arraycopy(buffer, start, line, length, chunk);
            length += chunk;
            if (pos < limit) {
                pos++; // the LF
                crc.update(line, 0, length);
                crc.update('\n');
                return new String(line, 0, length, StandardCharsets.UTF_8);
            }
        }
    }

    /** CRC-32 of every complete line returned so far, LFs included. */
    long checksum() {
        return crc.getValue();
    }

    /** Whether the file ended with bytes that were not LF-terminated. */
    boolean hadPartialTail() {
        return partialTail;
    }

    private boolean fill() throws IOException {
        // Everything buffered is consumed here, so a full last read can move to a bigger buffer.
        if (limit == buffer.length && buffer.length < MAX_BUFFER) buffer = new byte[buffer.length * 4];
        int n = in.read(buffer);
        if (n <= 0) return false;
        total += n;
        if (total > maxBytes) throw new MalformedFileException("file larger than " + maxBytes + " bytes");
        pos = 0;
        limit = n;
        return true;
    }
}
