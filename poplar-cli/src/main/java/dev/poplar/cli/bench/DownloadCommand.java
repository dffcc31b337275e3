// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poplar bench download}: throughput of whole-mailbox downloads, checked octet by octet. */
@Command(name = "download", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"C clients download whole mailboxes for T seconds: take a user no other client has,",
                "connect, USER, PASS, UIDL, LIST, RETR every message, QUIT, then the next user. Each",
                "message's octets (un-stuffed, CRLF line ends) must equal its LIST size; a difference",
                "counts as a size mismatch. Reports MB/s (10^6 octets of message), messages per second",
                "and RETR latency."})
public final class DownloadCommand extends ScenarioCommand {

    @Option(names = "--clients", paramLabel = "C", defaultValue = "1", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long downloads go on; the RETR under way at the end finishes (default: ${DEFAULT-VALUE}).")
    int duration;

    /** Totals of one run; made when the run starts, not when the command line is parsed (every poplar command builds this class). */
    private static final class Totals {
        final LongAdder octets = new LongAdder();
        final LongAdder messages = new LongAdder();
        final LongAdder mailboxes = new LongAdder();
        final LongAdder mismatches = new LongAdder();
        final Latency retr = new Latency("retr");
    }

    @Override
    Report run(Passwords passwords, ProcessStats server) throws Exception {
        List<String> users = Scenario.regularUsers(passwords, clients);
        // A user is in the queue only while no client has it, so no two sessions share a maildrop.
        BlockingQueue<String> free = new LinkedBlockingQueue<>(users);
        long deadline = System.nanoTime() + duration * 1_000_000_000L;
        Totals totals = new Totals();

        Window window = new Window(server);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                threads.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        String user = free.take();
                        try {
                            download(user, passwords.of(user), deadline, totals);
                            totals.mailboxes.increment();
                        } catch (IOException e) {
                            failures.add(e);
                        } finally {
                            free.add(user);
                        }
                    }
                    return null;
                });
            }
        }
        window.stop();

        Report report = report();
        report.params.put("clients", clients);
        report.params.put("duration_s", duration);
        report.metrics.put("mb_s", Scenario.round(totals.octets.sum() / 1e6 / window.seconds()));
        report.metrics.put("messages_per_s", Scenario.round(totals.messages.sum() / window.seconds()));
        report.metrics.put("messages", totals.messages.sum());
        report.metrics.put("octets", totals.octets.sum());
        report.metrics.put("mailboxes", totals.mailboxes.sum());
        report.metrics.put("size_mismatches", totals.mismatches.sum());
        report.metrics.put("errors", failures.count());
        totals.retr.addTo(report.metrics);
        window.addTo(report.metrics);
        return report;
    }

    private void download(String user, String password, long deadline, Totals totals) throws IOException {
        try (BenchConnection c = BenchConnection.open(options.endpoint(), 64 * 1024)) {
            c.login(user, password);
            c.command("UIDL");
            c.body();
            c.command("LIST");
            Listing sizes = new Listing();
            c.body(sizes);
            for (int n = 1; n <= sizes.count() && System.nanoTime() < deadline; n++) {
                long t = System.nanoTime();
                c.command("RETR " + n);
                long got = c.body();
                totals.retr.since(t);
                if (got != sizes.size(n)) totals.mismatches.increment();
                totals.octets.add(got);
                totals.messages.increment();
            }
            c.command("QUIT");
        }
    }
}
