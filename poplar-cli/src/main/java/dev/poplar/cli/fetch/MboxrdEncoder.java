// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one message body in mboxrd form, in one pass and constant memory. Not thread-safe.
 *
 * <ul>
 *   <li>CRLF becomes LF (mbox files use Unix line ends); a CR not followed by LF is data and is kept.</li>
 *   <li>Every line matching {@code ^>*From } gets one more {@code >} in front. This is the mboxrd rule
 *       (unlike mboxo it also quotes already-quoted lines), so a reader removes exactly one {@code >}
 *       from such lines and gets the message back byte for byte.</li>
 *   <li>{@link #finish()} ends the last line and writes the empty line that separates messages.</li>
 * </ul>
 *
 * A run of {@code >} at the start of a line is only counted, never buffered, so no line length costs
 * memory.
 */
final class MboxrdEncoder {
    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};
    private static final int BUFFER = 64 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private boolean atLineStart = true;
    private long quotes;
    private int fromMatched;
    private boolean pendingCr;
    private int lastByte = '\n';

    MboxrdEncoder(OutputStream out) {
        this.out = out;
    }

    void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    void write(byte b) throws IOException {
        if (pendingCr) {
            pendingCr = false;
            if (b == '\n') {
                data(b);
                return;
            }
            data((byte) '\r');
        }
        if (b == '\r') {
            pendingCr = true;
            return;
        }
        data(b);
    }

    /** Ends the last line, writes the separating empty line and flushes; the stream stays open. */
    void finish() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            data((byte) '\r');
        }
        flushPrefix(false);
        if (lastByte != '\n') emit((byte) '\n');
        emit((byte) '\n');
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    private void data(byte b) throws IOException {
        if (atLineStart) {
            if (fromMatched == 0 && b == '>') {
                quotes++;
                return;
            }
            if (b == FROM[fromMatched]) {
                if (++fromMatched == FROM.length) flushPrefix(true);
                return;
            }
            flushPrefix(false);
        }
        emit(b);
        if (b == '\n') atLineStart = true;
    }

    /** Writes the held-back {@code >}s and {@code From } prefix, with one more {@code >} when quoted. */
    private void flushPrefix(boolean quote) throws IOException {
        if (quote) emit((byte) '>');
        for (long i = 0; i < quotes; i++) emit((byte) '>');
        for (int i = 0; i < fromMatched; i++) emit(FROM[i]);
        quotes = 0;
        fromMatched = 0;
        atLineStart = false;
    }

    private void emit(byte b) throws IOException {
        if (used == buffer.length) {
            out.write(buffer, 0, used);
            used = 0;
        }
        buffer[used++] = b;
        lastByte = b;
    }
}
