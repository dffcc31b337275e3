// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poplar bench sessions}: the login rate, a mail checker's whole visit again and again. */
@Command(name = "sessions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"C clients, each as its own user (user0001, user0002, ...), loop for T seconds:",
                "connect, USER, PASS, STAT, UIDL, QUIT. Reports sessions per second and the latency",
                "p50/p99/max of each step (connect includes the greeting) and of whole sessions."})
public final class SessionsCommand extends ScenarioCommand {

    @Option(names = "--clients", paramLabel = "C", defaultValue = "16", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long new sessions are started (default: ${DEFAULT-VALUE}).")
    int duration;

    @Override
    Report run(Passwords passwords, ProcessStats server) throws Exception {
        List<String> users = Scenario.regularUsers(passwords, clients);
        Steps steps = new Steps();
        LongAdder sessions = new LongAdder();
        long deadline = System.nanoTime() + duration * 1_000_000_000L;

        Window window = new Window(server);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                String user = users.get(i);
                String password = passwords.of(user);
                threads.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            visit(user, password, steps);
                            sessions.increment();
                        } catch (IOException e) {
                            failures.add(e);
                        }
                    }
                });
            }
        }
        window.stop();

        Report report = report();
        report.params.put("clients", clients);
        report.params.put("duration_s", duration);
        report.metrics.put("sessions_per_s", Scenario.round(sessions.sum() / window.seconds()));
        report.metrics.put("sessions", sessions.sum());
        report.metrics.put("errors", failures.count());
        for (Latency l : steps.all()) l.addTo(report.metrics);
        window.addTo(report.metrics);
        return report;
    }

    private void visit(String user, String password, Steps steps) throws IOException {
        long start = System.nanoTime();
        try (BenchConnection c = BenchConnection.open(options.endpoint(), 8192)) {
            long t = steps.connect.since(start);
            c.command("USER " + user);
            t = steps.user.since(t);
            c.command("PASS " + password);
            t = steps.pass.since(t);
            c.command("STAT");
            t = steps.stat.since(t);
            c.command("UIDL");
            c.body();
            t = steps.uidl.since(t);
            c.command("QUIT");
            steps.quit.since(t);
        }
        steps.session.since(start);
    }

    /** One latency record per step of a session. */
    private static final class Steps {
        final Latency connect = new Latency("connect");
        final Latency user = new Latency("user");
        final Latency pass = new Latency("pass");
        final Latency stat = new Latency("stat");
        final Latency uidl = new Latency("uidl");
        final Latency quit = new Latency("quit");
        final Latency session = new Latency("session");

        List<Latency> all() {
            return List.of(session, connect, user, pass, stat, uidl, quit);
        }
    }
}
