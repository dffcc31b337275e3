// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client.internal;

import dev.poplar.client.IncompleteMessageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * The body of a multi-line reply, un-stuffed (RFC 1939 §3): a line that begins with {@code .} loses
 * that dot, the line {@code .} ends the body, every line end comes out as CRLF (bare LF accepted,
 * protocol.md §9). Constant memory: one line at a time, bounded by the wire's line cap. The end of the
 * stream before the {@code .} line is an {@link IncompleteMessageException}, never a normal end.
 * {@link #close()} skips the rest so the connection stays in step. Not thread-safe.
 */
public final class DotStream extends InputStream {
    private static final byte[] CRLF = {'\r', '\n'};

    private final Wire wire;
    private final long deadline;
    private final int readTimeoutMillis;
    private byte[] line = new byte[0];
    private int pos;
    private int eolLeft;
    private boolean ended;
    private boolean failed;
    private boolean closed;

    /** @param deadline {@link System#nanoTime()} by which the whole body must have arrived */
    public DotStream(Wire wire, long deadline, int readTimeoutMillis) {
        this.wire = wire;
        this.deadline = deadline;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** Whether the next command may be sent: the body was read to its end, closed, or failed. */
    public boolean finished() {
        return ended || closed || failed;
    }

    @Override
    public int read() throws IOException {
        if (!ensure()) return -1;
        if (pos < line.length) return line[pos++] & 0xFF;
        return CRLF[2 - eolLeft--];
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (!ensure()) return -1;
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        while (n < len && eolLeft > 0) {
            b[off + n++] = CRLF[2 - eolLeft--];
        }
        return n;
    }

    private boolean ensure() throws IOException {
        if (closed) throw new IOException("stream closed");
        if (failed) throw new IncompleteMessageException("message incomplete: an earlier read failed");
        while (pos == line.length && eolLeft == 0) {
            if (ended) return false;
            nextLine();
        }
        return true;
    }

    private void nextLine() throws IOException {
        long left = deadline - System.nanoTime();
        Socket socket = wire.socket();
        try {
            if (left <= 0) throw new SocketTimeoutException("whole-message timeout");
            long leftMillis = Math.max(1, left / 1_000_000);
            socket.setSoTimeout((int) Math.min(readTimeoutMillis, leftMillis));
            byte[] l = wire.readLine();
            if (l == null) {
                throw wire.fail(new IncompleteMessageException(
                        "connection closed before the end of the message (no final \".\" line)"));
            }
            if (l.length == 1 && l[0] == '.') {
                ended = true;
                line = new byte[0];
                pos = 0;
                eolLeft = 0;
                socket.setSoTimeout(readTimeoutMillis);
                wire.releaseMemory();
                return;
            }
            line = l;
            // RFC 1939 §3: a line that starts with the termination octet had one more prepended.
            pos = l.length > 0 && l[0] == '.' ? 1 : 0;
            eolLeft = 2;
        } catch (IOException e) {
            failed = true;
            throw e instanceof IncompleteMessageException || wire.broken() ? e : wire.fail(e);
        }
    }

    /** Skips what is left of the body (so the next reply is in step) and ends the stream. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            if (!failed) {
                while (!ended) {
                    pos = line.length;
                    eolLeft = 0;
                    nextLine();
                }
            }
        } finally {
            closed = true;
        }
    }
}
