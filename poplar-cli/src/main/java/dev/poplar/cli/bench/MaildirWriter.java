// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes bench messages straight into a Maildir's {@code cur/}, named as Dovecot's deliveries are:
 * {@code <seconds>.M<micros>P<pid>.bench,S=<file size>,W=<size with CRLF line ends>:2,}. With S= and
 * W= in the name both servers know every size without reading a message (Poplar: MaildirName; Dovecot:
 * maildir_filename_get_size). Stateless and thread-safe.
 *
 * <p>No fsync anywhere: this is bench data that can be made again from its seed, and syncing 100,000
 * files would take longer than making them.
 */
final class MaildirWriter {
    private MaildirWriter() {}

    static final String HOST = "bench";
    private static final int STREAM_BUFFER = 1 << 20;

    /** Sizes of one written message: the file's bytes and its RFC 1939 size (every LF counted as CRLF). */
    record Sizes(long bytes, long wireBytes) {}

    /** Makes {@code cur/}, {@code new/} and {@code tmp/} (and the Maildir) where missing. */
    static void create(Path maildir) throws IOException {
        Files.createDirectories(maildir.resolve("cur"));
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("tmp"));
    }

    /** The unique part of a name: delivery time, microseconds and the delivering process. */
    static String base(long seconds, int micros, int pid) {
        return seconds + ".M" + micros + "P" + pid + "." + HOST;
    }

    static String fileName(String base, Sizes sizes) {
        return base + ",S=" + sizes.bytes() + ",W=" + sizes.wireBytes() + ":2,";
    }

    /** Writes one message built in memory; it must use LF line ends only and end with one. */
    static Sizes write(Path maildir, String base, byte[] message) throws IOException {
        Sizes sizes = new Sizes(message.length, message.length + countLf(message, 0, message.length));
        Files.write(maildir.resolve("cur").resolve(fileName(base, sizes)), message,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return sizes;
    }

    /** Something that writes a message to a stream. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Streams a message too big to build in memory: written in {@code tmp/}, then renamed into {@code cur/}
     * once its sizes (part of the name) are known, as a delivery agent does.
     */
    static Sizes stream(Path maildir, String base, Body body) throws IOException {
        Path tmp = maildir.resolve("tmp").resolve(base);
        Counting counter;
        try (Counting out = new Counting(new BufferedOutputStream(
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), STREAM_BUFFER))) {
            counter = out;
            body.writeTo(out);
        }
        Sizes sizes = new Sizes(counter.bytes, counter.bytes + counter.lineFeeds);
        Files.move(tmp, maildir.resolve("cur").resolve(fileName(base, sizes)));
        return sizes;
    }

    static long countLf(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') n++;
        }
        return n;
    }

    /** Counts bytes and line feeds on their way through. */
    private static final class Counting extends FilterOutputStream {
        long bytes;
        long lineFeeds;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
            if (b == '\n') lineFeeds++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
            lineFeeds += countLf(b, off, off + len);
        }
    }
}
