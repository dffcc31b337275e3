// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import dev.poplar.protocol.CommandParser;
import dev.poplar.protocol.Limits;
import dev.poplar.protocol.LineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's command input: {@link LineReader} over a pipelined batch of {@value #LINES} typical
 * commands, as a fetching client sends them in one segment. Scores are lines per second
 * ({@code @OperationsPerInvocation}).
 *
 * <p>One reader is kept across invocations, as the server keeps one per connection; each invocation
 * rewinds the in-memory stream, so the reader sees the batch arrive again in one {@code read}. The batch
 * ends with a line end, so nothing is left buffered between invocations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LineReaderBenchmark {
    static final int LINES = 64;
    private static final String[] SESSION = {
        "USER someone@example.com", "PASS correct horse battery staple", "STAT", "UIDL", "LIST",
        "RETR 123", "DELE 123", "TOP 124 10", "RETR 124", "DELE 124", "UIDL 125", "NOOP",
    };

    private ByteArrayInputStream in;
    private LineReader reader;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < LINES; i++) batch.append(SESSION[i % SESSION.length]).append("\r\n");
        in = new ByteArrayInputStream(batch.toString().getBytes(StandardCharsets.US_ASCII));
        reader = new LineReader(in, Limits.MAX_COMMAND_OCTETS);
        // Measure what the name says: every call returns a line and the batch is consumed exactly.
        for (int i = 0; i < LINES; i++) {
            if (reader.readLine() == null) throw new IllegalStateException("batch ended early");
        }
        if (reader.buffered() != 0 || in.available() != 0) throw new IllegalStateException("batch not consumed");
        in.reset();
    }

    /** Splitting the batch into lines only. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void readLine(Blackhole bh) throws IOException {
        in.reset();
        for (int i = 0; i < LINES; i++) bh.consume(reader.readLine());
    }

    /** Lines and then {@link CommandParser#parse}: the server's whole per-command input path. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void readAndParse(Blackhole bh) throws IOException {
        in.reset();
        for (int i = 0; i < LINES; i++) bh.consume(CommandParser.parse(reader.readLine()));
    }
}
