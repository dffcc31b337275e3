// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import dev.poplar.protocol.MessageEncoder;
import java.io.ByteArrayInputStream;
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
 * The size computation (RFC 1939 §5: octets in CRLF form before dot-stuffing) over the same messages as
 * {@link EncodeBenchmark}: what delivery ({@code sizer}) and index building ({@code wireSize}) pay per
 * message. Primary score: messages per second; the {@code :mb} row is MB/s ({@link Megabytes}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WireSizeBenchmark {

    /** {@link MessageEncoder#sizer()} fed the whole message, as MaildirDelivery feeds it while writing. */
    @Benchmark
    public long sizer(MessageBodies bodies, Megabytes counter) throws IOException {
        byte[] message = bodies.message;
        MessageEncoder sizer = MessageEncoder.sizer();
        sizer.write(message, 0, message.length);
        sizer.finish();
        counter.add(message.length);
        return sizer.size();
    }

    /** {@link MessageEncoder#wireSize} over a stream, as MaildirListing indexes a message it finds. */
    @Benchmark
    public long wireSize(MessageBodies bodies, Megabytes counter) throws IOException {
        long size = MessageEncoder.wireSize(new ByteArrayInputStream(bodies.message));
        counter.add(bodies.message.length);
        return size;
    }
}
