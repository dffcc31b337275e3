// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReferenceArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poplar bench idle}: what a logged-in session that does nothing costs, and whether others still get served. */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"K connections log in as the data set's idle users (idle00001...) and stay idle.",
                "With --server-pid: the server's memory before and after, per connection (RSS, and",
                "PSS, which divides shared pages fairly among Dovecot's processes). Meanwhile a probe",
                "client runs N short sessions (login, STAT, QUIT, as 'probe') one after another;",
                "their latency is reported. At the end every idle session must still answer NOOP."})
public final class IdleCommand extends ScenarioCommand {

    @Option(names = "--connections", paramLabel = "K", defaultValue = "10000",
            description = "Idle logged-in sessions to hold (default: ${DEFAULT-VALUE}); mind 'ulimit -n' on both sides.")
    int connections;

    @Option(names = "--probes", paramLabel = "N", defaultValue = "200", description = "Probe sessions (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "2",
            description = "Pause after the last login before memory is read (default: ${DEFAULT-VALUE}).")
    int settle;

    /** Logins in flight at once while the idle sessions are opened. */
    private static final int OPENING = 64;

    @Override
    Report run(Passwords passwords, ProcessStats server) throws Exception {
        List<String> users = passwords.usersStartingWith("idle");
        if (users.size() < connections) {
            throw new IllegalArgumentException("the data set has " + users.size() + " idle users, fewer than --connections "
                    + connections + ": generate it with --idle-users " + connections + " or more");
        }
        String probePassword = passwords.of("probe");
        long rssBefore = server == null ? 0 : server.rssKiB();
        long pssBefore = server == null ? 0 : server.pssKiB();

        AtomicReferenceArray<BenchConnection> held = new AtomicReferenceArray<>(connections);
        Window whole = new Window(server);
        Window opening = new Window(server);
        Semaphore inFlight = new Semaphore(OPENING);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                int slot = i;
                String user = users.get(i);
                inFlight.acquire();
                threads.submit(() -> {
                    try {
                        BenchConnection c = BenchConnection.open(options.endpoint(), 256);
                        try {
                            c.login(user, passwords.of(user));
                            c.command("STAT");
                            held.set(slot, c);
                        } catch (IOException e) {
                            c.close();
                            throw e;
                        }
                    } catch (IOException e) {
                        failures.add(e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        double openSeconds = opening.seconds();
        Thread.sleep(settle * 1000L);
        long rssAfter = server == null ? 0 : server.rssKiB();
        long pssAfter = server == null ? 0 : server.pssKiB();

        Latency probe = new Latency("probe");
        for (int i = 0; i < probes; i++) {
            long start = System.nanoTime();
            try (BenchConnection c = BenchConnection.open(options.endpoint(), 4096)) {
                c.login("probe", probePassword);
                c.command("STAT");
                c.command("QUIT");
                probe.since(start);
            } catch (IOException e) {
                failures.add(e);
            }
            Thread.sleep(10);
        }

        int opened = 0;
        int alive = 0;
        List<BenchConnection> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            BenchConnection c = held.get(i);
            if (c == null) continue;
            opened++;
            all.add(c);
        }
        for (BenchConnection c : all) c.send("NOOP"); // pipelined: one round trip for all, not K
        for (BenchConnection c : all) {
            try {
                c.status("NOOP");
                alive++;
            } catch (IOException e) {
                failures.add(e);
            }
            c.close();
        }

        Report report = report();
        report.params.put("connections", connections);
        report.params.put("probes", probes);
        report.metrics.put("held", alive);
        report.metrics.put("opened", opened);
        report.metrics.put("errors", failures.count());
        report.metrics.put("logins_per_s", Scenario.round(opened / openSeconds));
        if (server != null && opened > 0) {
            report.metrics.put("rss_per_conn_kb", Scenario.round((double) (rssAfter - rssBefore) / opened));
            report.metrics.put("pss_per_conn_kb", Scenario.round((double) (pssAfter - pssBefore) / opened));
            report.metrics.put("server_rss_mb", Scenario.round(rssAfter / 1024.0));
        }
        probe.addTo(report.metrics);
        whole.addTo(report.metrics);
        return report;
    }
}
