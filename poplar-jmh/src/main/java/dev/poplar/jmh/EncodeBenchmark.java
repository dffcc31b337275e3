// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import dev.poplar.protocol.MessageEncoder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link MessageEncoder} as RETR uses it (CRLF normalisation and dot-stuffing, RFC 1939 §3) over messages
 * held in memory, writing straight into a discarding sink: the encoder alone, without buffering or I/O
 * ({@link RetrBenchmark} has those). Primary score: messages per second; the {@code :mb} row is MB/s of
 * stored message ({@link Megabytes}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EncodeBenchmark {
    /** The chunk size the server reads a message in (ReplyWriter's copy buffer). */
    static final int CHUNK = 64 * 1024;

    private final DiscardingSink sink = new DiscardingSink();

    @Benchmark
    public long retr(MessageBodies bodies, Megabytes counter) throws IOException {
        byte[] message = bodies.message;
        MessageEncoder encoder = MessageEncoder.whole(sink, true);
        for (int off = 0; off < message.length; off += CHUNK) {
            encoder.write(message, off, Math.min(CHUNK, message.length - off));
        }
        encoder.finish();
        counter.add(message.length);
        return sink.count;
    }
}
