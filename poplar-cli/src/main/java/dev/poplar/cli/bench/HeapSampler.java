// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The heap of a Java server while a scenario runs, sampled by the server's own JDK's {@code jstat -gc}
 * every 20 ms: used = survivors + eden + old generation. Before sampling it asks for a full GC
 * ({@code jcmd PID GC.run}), so the baseline is the live heap and the peak over it is what the work
 * allocated and kept until the next collection: a streaming RETR should add almost nothing.
 */
final class HeapSampler implements AutoCloseable {
    private static final List<String> USED_COLUMNS = List.of("S0U", "S1U", "EU", "OU");

    private final Process jstat;
    private final Thread reader;
    private volatile long firstKiB = -1;
    private volatile long peakKiB = -1;

    private HeapSampler(Process jstat) {
        this.jstat = jstat;
        this.reader = Thread.ofPlatform().daemon().name("jstat-reader").start(this::read);
    }

    /** A sampler for a Java server, or null when the server is not a JVM with jstat beside it. */
    static HeapSampler start(ProcessStats server) throws IOException, InterruptedException {
        if (server == null) return null;
        Path java = Path.of(server.command());
        if (!java.getFileName().toString().equals("java")) return null;
        Path bin = java.getParent();
        Path jcmd = bin.resolve("jcmd");
        Path jstat = bin.resolve("jstat");
        if (!Files.isExecutable(jcmd) || !Files.isExecutable(jstat)) return null;
        String pid = Long.toString(server.pid());
        Process gc = new ProcessBuilder(jcmd.toString(), pid, "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(30, TimeUnit.SECONDS)) gc.destroyForcibly();
        HeapSampler sampler = new HeapSampler(new ProcessBuilder(jstat.toString(), "-gc", pid, "20")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        sampler.awaitFirstSample();
        return sampler;
    }

    private void awaitFirstSample() throws InterruptedException {
        for (int i = 0; i < 500 && firstKiB < 0 && jstat.isAlive(); i++) Thread.sleep(10);
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
            int[] columns = null;
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (columns == null) {
                    List<String> header = Arrays.asList(f);
                    columns = USED_COLUMNS.stream().mapToInt(header::indexOf).toArray();
                    continue;
                }
                double used = 0;
                for (int c : columns) used += c >= 0 && c < f.length ? Double.parseDouble(f[c]) : 0;
                long kib = (long) used;
                if (firstKiB < 0) firstKiB = kib;
                if (kib > peakKiB) peakKiB = kib;
            }
        } catch (IOException | RuntimeException e) {
            // jstat went away: the samples so far stand
        }
    }

    /** Starts a new peak from the current baseline (between runs). */
    void resetPeak() {
        peakKiB = firstKiB;
    }

    /** Highest used heap seen over the baseline, in MiB. */
    double growthMiB() {
        if (firstKiB < 0) return 0;
        return Math.round(10.0 * (peakKiB - firstKiB) / 1024.0) / 10.0;
    }

    @Override
    public void close() throws InterruptedException {
        jstat.destroy();
        reader.join(5_000);
    }
}
