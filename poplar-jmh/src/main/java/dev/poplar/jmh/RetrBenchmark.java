// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import dev.poplar.protocol.MessageEncoder;
import dev.poplar.server.Pop3Server;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RETR of a large message from a file to a discarding sink, three ways, so the cost of each layer shows:
 *
 * <ul>
 *   <li>{@code transferTo}: the baseline, the file copied as is ({@link InputStream#transferTo});</li>
 *   <li>{@code encodeLoop}: the server's RETR loop built from its public pieces: the file opened as
 *       MaildirMaildrop opens it, read in 64 KiB chunks into {@link MessageEncoder#whole} (CRLF and
 *       dot-stuffing) over an 8 KiB {@link BufferedOutputStream}, flushed once at the end. The real loop
 *       is {@code ReplyWriter.body}, which is package-private in {@code dev.poplar.server.internal}, so
 *       this repeats it; keep the two in step;</li>
 *   <li>{@code session}: the real thing through public API: a whole pipelined session
 *       ({@code USER, PASS, RETR 1, QUIT}) run by {@link Pop3Server#serve} on this thread, which goes
 *       through Connection, ReplyWriter and the connection's own buffering. Login and greeting add a
 *       few microseconds, small next to a 1 MiB message.</li>
 * </ul>
 *
 * Primary score: messages per second; the {@code :mb} row is MB/s of stored message ({@link Megabytes}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RetrBenchmark {
    /** As ReplyWriter.COPY_BUFFER: allocated per message, as the server does. */
    private static final int COPY_BUFFER = 64 * 1024;
    /** As Connection's output buffer. */
    private static final int OUTPUT_BUFFER = 8192;
    private static final byte[] SESSION = ("USER " + OneMessageStore.USER + "\r\nPASS " + OneMessageStore.USER
            + "\r\nRETR 1\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 110);
    /**
     * Every session logs its login at INFO; at thousands of sessions a second that would be the benchmark.
     * Held here because java.util.logging keeps only weak references to its loggers.
     */
    private static final java.util.logging.Logger POPLAR_LOG = java.util.logging.Logger.getLogger("dev.poplar");

    private final DiscardingSink sink = new DiscardingSink();
    private final OutputStream out = new BufferedOutputStream(sink, OUTPUT_BUFFER);
    private Pop3Server server;

    @Setup(Level.Trial)
    public void setUp(MessageFile message) throws IOException {
        POPLAR_LOG.setLevel(java.util.logging.Level.WARNING);
        OneMessageStore store = new OneMessageStore(message.file);
        server = Pop3Server.builder().authenticator(store).maildrops(store).build(); // no listener: serve() only
        checkSession(message);
    }

    /** Fails the trial unless the session really logs in and serves the whole message. */
    private void checkSession(MessageFile message) {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        server.serve(new ByteArrayInputStream(SESSION), reply, () -> {}, CLIENT, SERVER);
        String text = reply.toString(StandardCharsets.ISO_8859_1);
        if (reply.size() < message.octets || !text.contains("\r\n.\r\n+OK") || text.contains("-ERR")) {
            throw new IllegalStateException("the benchmark session failed: "
                    + text.substring(0, Math.min(300, text.length())));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    public long transferTo(MessageFile message, Megabytes counter) throws IOException {
        try (InputStream in = open(message)) {
            in.transferTo(out);
        }
        out.flush();
        counter.add(message.octets);
        return sink.count;
    }

    @Benchmark
    public long encodeLoop(MessageFile message, Megabytes counter) throws IOException {
        MessageEncoder encoder = MessageEncoder.whole(out, true);
        byte[] buffer = new byte[COPY_BUFFER];
        try (InputStream in = open(message)) {
            int n;
            while (!encoder.isComplete() && (n = in.read(buffer)) >= 0) encoder.write(buffer, 0, n);
        }
        encoder.finish();
        out.flush();
        counter.add(message.octets);
        return sink.count;
    }

    @Benchmark
    public long session(MessageFile message, Megabytes counter) {
        server.serve(new ByteArrayInputStream(SESSION), sink, () -> {}, CLIENT, SERVER);
        counter.add(message.octets);
        return sink.count;
    }

    private static InputStream open(MessageFile message) throws IOException {
        return Files.newInputStream(message.file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
