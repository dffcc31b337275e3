// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poplar bench bigmessage}: one huge RETR, and what it costs the server in memory. */
@Command(name = "bigmessage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"RETR of one very large message (the data set's 'bigmessage': 200 MB), N times.",
                "Reports MB/s (median and best) and, with --server-pid, the server's RSS growth and, for",
                "a Java server, its heap growth: jcmd GC.run first, then jstat samples every 20 ms; the",
                "peak used heap over that baseline is what streaming the message allocated."})
public final class BigmessageCommand extends ScenarioCommand {

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "bigmessage",
            description = "The maildrop; its message 1 is fetched (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "How many times (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    Report run(Passwords passwords, ProcessStats server) throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        String password = passwords.of(user);
        double[] rates = new double[runs];
        double[] seconds = new double[runs];
        long size = 0;
        try (HeapSampler heap = HeapSampler.start(server); RssPeak rss = RssPeak.start(server)) {
            Window window = new Window(server);
            for (int r = 0; r < runs; r++) {
                try (BenchConnection c = BenchConnection.open(options.endpoint(), 256 * 1024)) {
                    c.login(user, password);
                    size = Long.parseLong(c.command("LIST 1").split(" ")[2]);
                    long start = System.nanoTime();
                    c.command("RETR 1");
                    long got = c.body();
                    long nanos = System.nanoTime() - start;
                    if (got != size) throw new IOException("RETR 1 gave " + got + " octets, LIST said " + size);
                    seconds[r] = Scenario.round3(nanos / 1e9);
                    rates[r] = Scenario.round(size / 1e6 / (nanos / 1e9));
                    c.command("QUIT");
                }
            }
            window.stop();

            Report report = report();
            report.params.put("user", user);
            report.params.put("runs", runs);
            report.metrics.put("message_octets", size);
            report.metrics.put("mb_s", Scenario.round(Scenario.median(rates)));
            report.metrics.put("best_mb_s", Arrays.stream(rates).max().orElse(0));
            report.metrics.put("retr_s", Scenario.round3(Scenario.median(seconds)));
            if (heap != null) report.metrics.put("heap_growth_mb", heap.growthMiB());
            if (rss != null) report.metrics.put("rss_growth_mb", rss.growthMiB());
            window.addTo(report.metrics);
            return report;
        }
    }

    /** The server's peak RSS over its RSS at the start, sampled every 10 ms. */
    static final class RssPeak implements AutoCloseable {
        private final ProcessStats server;
        private final long baseKiB;
        private final AtomicLong peakKiB = new AtomicLong();
        private final Thread sampler;

        private RssPeak(ProcessStats server) {
            this.server = server;
            this.baseKiB = server.rssKiB();
            this.peakKiB.set(baseKiB);
            this.sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::sample);
        }

        static RssPeak start(ProcessStats server) {
            return server == null ? null : new RssPeak(server);
        }

        private void sample() {
            while (!Thread.currentThread().isInterrupted()) {
                peakKiB.accumulateAndGet(server.rssKiB(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        double growthMiB() {
            return Math.round(10.0 * (peakKiB.get() - baseKiB) / 1024.0) / 10.0;
        }

        @Override
        public void close() throws InterruptedException {
            sampler.interrupt();
            sampler.join(1_000);
        }
    }
}
