// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns a message as stored into its POP3 wire form, in one pass and constant memory. Not thread-safe.
 *
 * <ul>
 *   <li>Line ends become CRLF: a bare LF (a store that keeps Unix line ends) is served as CRLF; a CR
 *       not followed by LF is message data and is kept (protocol.md §1).</li>
 *   <li>A last line without a line end gets one (protocol.md §1).</li>
 *   <li>With dot-stuffing on, every line that begins with {@code .} gets one more in front, and
 *       {@link #finish()} writes the terminating {@code .} line (RFC 1939 §3).</li>
 *   <li>With a TOP limit, output stops after the header, the empty line and that many body lines
 *       (RFC 1939 §7); {@link #isComplete()} then tells the caller it may stop reading.</li>
 * </ul>
 *
 * The size of a message (RFC 1939 §5: exact octets in CRLF form, before dot-stuffing) is what this
 * encoder writes with stuffing off: {@link #wireSize}. Using the same code for sizes and for RETR is
 * what keeps LIST and RETR in agreement.
 */
public final class MessageEncoder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private final OutputStream out;
    private final boolean dotStuff;
    private final boolean limited;
    private long bodyLinesLeft;
    private boolean atLineStart = true;
    private boolean pendingCr;
    private boolean inBody;
    private boolean complete;

    private MessageEncoder(OutputStream out, boolean dotStuff, long bodyLines) {
        this.out = out;
        this.dotStuff = dotStuff;
        this.limited = bodyLines >= 0;
        this.bodyLinesLeft = bodyLines;
    }

    /** An encoder for the whole message (RETR), or for the size when {@code dotStuff} is off. */
    public static MessageEncoder whole(OutputStream out, boolean dotStuff) {
        return new MessageEncoder(out, dotStuff, -1);
    }

    /** An encoder for TOP: the header, the empty line, then {@code bodyLines} lines of the body. */
    public static MessageEncoder top(OutputStream out, boolean dotStuff, long bodyLines) {
        if (bodyLines < 0) throw new IllegalArgumentException("bodyLines");
        return new MessageEncoder(out, dotStuff, bodyLines);
    }

    /** The exact size of a message in wire form before dot-stuffing (RFC 1939 §5). Reads to the end. */
    public static long wireSize(InputStream message) throws IOException {
        MessageEncoder sizer = sizer();
        byte[] buf = new byte[16384];
        int n;
        while ((n = message.read(buf)) > 0) sizer.write(buf, 0, n);
        sizer.finish();
        return sizer.size();
    }

    /**
     * An encoder that writes nothing and only counts, for computing a size while the stored bytes
     * stream somewhere else (delivery): feed it, {@link #finish()}, then read {@link #size()}.
     */
    public static MessageEncoder sizer() {
        return new MessageEncoder(new Counter(), false, -1);
    }

    /** For an encoder from {@link #sizer()}: the wire size of what it was fed. */
    public long size() {
        if (!(out instanceof Counter counter)) throw new IllegalStateException("not a sizer");
        return counter.count;
    }

    /** Copies a whole stream through this encoder, stopping early once a TOP limit is reached. */
    public void copy(InputStream message, byte[] buffer) throws IOException {
        int n;
        while (!complete && (n = message.read(buffer)) > 0) write(buffer, 0, n);
        finish();
    }

    /** Whether a TOP limit has been reached; further input is ignored. */
    public boolean isComplete() {
        return complete;
    }

    /** Encodes the next chunk of the stored message. */
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end && !complete) {
            if (pendingCr) {
                pendingCr = false;
                if (b[i] == '\n') {
                    i++;
                    lineEnd();
                    continue;
                }
                out.write('\r'); // a lone CR is data, not a line end
                atLineStart = false;
            }
            if (atLineStart && dotStuff && b[i] == '.') out.write('.');
            int run = i;
            while (i < end && b[i] != '\r' && b[i] != '\n') i++;
            if (i > run) {
                out.write(b, run, i - run);
                atLineStart = false;
            }
            if (i == end) break;
            if (b[i++] == '\n') lineEnd();
            else pendingCr = true;
        }
    }

    /** Ends the message: a lone trailing CR, the missing last line end, and the {@code .} line. */
    public void finish() throws IOException {
        if (pendingCr && !complete) {
            out.write('\r');
            atLineStart = false;
        }
        pendingCr = false;
        if (!complete && !atLineStart) out.write(CRLF);
        atLineStart = true;
        complete = true;
        if (dotStuff) out.write(TERMINATOR);
    }

    private void lineEnd() throws IOException {
        out.write(CRLF);
        boolean emptyLine = atLineStart;
        atLineStart = true;
        if (!limited) return;
        if (inBody) {
            if (--bodyLinesLeft <= 0) complete = true;
        } else if (emptyLine) {
            // RFC 1939 §7: the empty line that ends the header is always sent, then n body lines.
            inBody = true;
            if (bodyLinesLeft == 0) complete = true;
        }
    }

    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
