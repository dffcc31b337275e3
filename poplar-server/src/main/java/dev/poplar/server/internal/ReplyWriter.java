// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.MessageEncoder;
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
    private static final int COPY_BUFFER = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    /** Reading a message failed after {@code +OK} was sent: the only safe end is to close (the reply is cut). */
    static final class ContentException extends IOException {
        ContentException(IOException cause) {
            super("message content could not be read", cause);
        }
    }

    private final OutputStream out;

    ReplyWriter(OutputStream out) {
        this.out = out;
    }

    void write(Reply reply) throws IOException {
        switch (reply) {
            case Reply.Single s -> out.write(s.first().encode());
            case Reply.Continuation c -> out.write(("+ " + c.base64() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            case Reply.Listing l -> {
                out.write(l.first().encode());
                for (String line : l.lines()) {
                    // RFC 1939 §3: byte-stuff any line that begins with the termination octet.
                    if (line.startsWith(".")) out.write('.');
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write(CRLF);
                }
                out.write(TERMINATOR);
            }
            case Reply.Body b -> {
                out.write(b.first().encode());
                body(b);
            }
        }
    }

    private void body(Reply.Body b) throws IOException {
        MessageEncoder encoder = b.topLines() < 0
                ? MessageEncoder.whole(out, true)
                : MessageEncoder.top(out, true, b.topLines());
        byte[] buffer = new byte[COPY_BUFFER];
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
            }
        }
        encoder.finish();
    }
}
