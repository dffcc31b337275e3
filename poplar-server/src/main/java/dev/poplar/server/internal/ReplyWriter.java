// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.MessageEncoder;
import dev.poplar.protocol.StatusLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serialises replies onto a connection's buffered output. Does not flush: the connection flushes once
 * per pipelined batch (protocol.md §1). One per connection; not thread-safe.
 */
final class ReplyWriter {
    /** RETR copy buffer; allocated per message so an idle session holds none (design.md, performance model). */
    /** RETR reads up to 64 KiB at a time, starting at 8 KiB: most mail is smaller, and a 3 KB message should not zero 64 KiB. */
    private static final int COPY_BUFFER = 64 * 1024;
    private static final int FIRST_COPY_BUFFER = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    /** Reading a message failed after {@code +OK} was sent: the only safe end is to close (the reply is cut). */
    static final class ContentException extends IOException {
        ContentException(IOException cause) {
            super("message content could not be read", cause);
        }
    }

    private final OutputStream out;
    private final boolean multiLineIndicator;

    /** @param multiLineIndicator seed extension MULTI-LINE-IND: multi-line first lines end in " _" */
    ReplyWriter(OutputStream out, boolean multiLineIndicator) {
        this.out = out;
        this.multiLineIndicator = multiLineIndicator;
    }

    /**
     * MULTI-LINE-IND: the first line of every multi-line reply ends in " _", and no single-line reply
     * does (a text that would is given a final period).
     */
    private StatusLine first(StatusLine line, boolean multiLine) {
        if (!multiLineIndicator) return line;
        String text = line.text() == null ? "" : line.text();
        if (multiLine) return new StatusLine(line.ok(), line.code(), text.isEmpty() ? "_" : text + " _");
        return text.endsWith(" _") ? new StatusLine(line.ok(), line.code(), text + ".") : line;
    }

    void write(Reply reply) throws IOException {
        switch (reply) {
            case Reply.Single s -> out.write(first(s.first(), false).encode());
            case Reply.Continuation c -> out.write(("+ " + c.base64() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            case Reply.Listing l -> {
                out.write(first(l.first(), true).encode());
                for (String line : l.lines()) {
                    // RFC 1939 §3: byte-stuff any line that begins with the termination octet.
                    if (line.startsWith(".")) out.write('.');
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write(CRLF);
                }
                out.write(TERMINATOR);
            }
            case Reply.Body b -> {
                out.write(first(b.first(), true).encode());
                body(b);
            }
        }
    }

    private void body(Reply.Body b) throws IOException {
        MessageEncoder encoder = b.topLines() < 0
                ? MessageEncoder.whole(out, true)
                : MessageEncoder.top(out, true, b.topLines());
        byte[] buffer = new byte[FIRST_COPY_BUFFER];
        try (InputStream content = b.content()) {
            while (!encoder.isComplete()) {
                int n;
                try {
                    n = content.read(buffer);
                } catch (IOException e) {
                    throw new ContentException(e);
                }
                if (n < 0) break;
                encoder.write(buffer, 0, n);
                if (n == buffer.length && buffer.length < COPY_BUFFER) buffer = new byte[buffer.length * 2]; // a long one
            }
        }
        encoder.finish();
    }
}
