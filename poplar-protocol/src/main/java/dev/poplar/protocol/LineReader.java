// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads CRLF- or LF-terminated lines from a byte stream, never buffering more than one line's cap.
 * Not thread-safe: one reader per connection, used by one thread.
 *
 * <p>The buffer starts small and grows only for long lines, so an idle connection costs little
 * (design.md, performance model). Bytes past the current line stay buffered for the next call, which
 * is what makes pipelining cheap and what the STLS injection check looks at ({@link #buffered()}).
 */
public final class LineReader {
    private static final int INITIAL_BUFFER = 1024;

    private final InputStream in;
    private final int cap;
    private byte[] buf;
    private int start;
    private int end;

    /**
     * @param in  the stream to read
     * @param cap the longest line accepted, line end included (protocol.md §1: 8 KiB on the server)
     */
    public LineReader(InputStream in, int cap) {
        if (cap < 2) throw new IllegalArgumentException("cap");
        this.in = in;
        this.cap = cap;
        this.buf = new byte[Math.min(INITIAL_BUFFER, cap)];
    }

    /**
     * Returns the next line without its line end (CRLF, or a bare LF as telnet users send), or
     * {@code null} at the end of the stream. An unterminated last line is dropped: a partial command
     * is never executed (protocol.md §1).
     *
     * @throws LineTooLongException if {@code cap} octets arrive without a line end; nothing more is read
     */
    public byte[] readLine() throws IOException {
        int scanned = 0; // bytes after start already known to hold no LF; survives compaction in fill()
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    int lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    byte[] line = Arrays.copyOfRange(buf, start, lineEnd);
                    start = i + 1;
                    if (start == end) start = end = 0;
                    return line;
                }
            }
            scanned = end - start;
            if (scanned >= cap) throw new LineTooLongException(cap);
            if (!fill()) return null;
        }
    }

    /** Reads more bytes; returns false at the end of the stream. Never holds more than {@code cap} bytes. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) buf = Arrays.copyOf(buf, Math.min(cap, buf.length * 2));
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) return false;
        end += n;
        return true;
    }

    /** Whether a whole line is already buffered, so that reading it will not block. */
    public boolean hasBufferedLine() {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') return true;
        }
        return false;
    }

    /** Octets received but not yet returned as a line. */
    public int buffered() {
        return end - start;
    }

    /** Drops whatever is buffered (used after QUIT and fatal errors, protocol.md §1). */
    public void discardBuffered() {
        start = end = 0;
    }

    /** Gives back the memory of a buffer that grew for a long line, once it is empty. */
    public void shrinkIfIdle() {
        if (start == end && buf.length > INITIAL_BUFFER) {
            buf = new byte[INITIAL_BUFFER];
            start = end = 0;
        }
    }
}
