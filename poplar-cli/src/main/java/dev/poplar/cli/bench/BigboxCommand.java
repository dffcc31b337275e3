// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poplar bench bigbox}: one huge maildrop, where indexes matter. */
@Command(name = "bigbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One client, one maildrop of many messages (the data set's 'bigbox': 100,000).",
                "Each run times login (connect to PASS answered), STAT, UIDL, LIST and RETR of the last",
                "message, and checks that UIDL and LIST have as many lines as STAT counts. The first",
                "run is reported as first_*: start the server just before for a cold figure (as",
                "bench/compare.sh does). Later runs are reported as warm_* medians."})
public final class BigboxCommand extends ScenarioCommand {

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "bigbox", description = "The maildrop (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "4",
            description = "Runs: the first, then N-1 warm ones (default: ${DEFAULT-VALUE}).")
    int runs;

    private static final String[] STEPS = {"login", "stat", "uidl", "list", "retr_last", "stat_uidl_list"};

    @Override
    Report run(Passwords passwords, ProcessStats server) throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        String password = passwords.of(user);
        double[][] times = new double[STEPS.length][runs];
        long messages = 0;
        Window window = new Window(server);
        for (int r = 0; r < runs; r++) {
            Map<String, Double> one = once(password);
            for (int s = 0; s < STEPS.length; s++) times[s][r] = one.get(STEPS[s]);
            messages = one.get("messages").longValue();
        }
        window.stop();

        Report report = report();
        report.params.put("user", user);
        report.params.put("runs", runs);
        report.metrics.put("messages", messages);
        for (int s = 0; s < STEPS.length; s++) report.metrics.put("first_" + STEPS[s] + "_ms", times[s][0]);
        if (runs > 1) {
            for (int s = 0; s < STEPS.length; s++) {
                report.metrics.put("warm_" + STEPS[s] + "_ms", Scenario.round3(Scenario.median(Arrays.copyOfRange(times[s], 1, runs))));
            }
        }
        window.addTo(report.metrics);
        return report;
    }

    private Map<String, Double> once(String password) throws IOException {
        Map<String, Double> t = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (BenchConnection c = BenchConnection.open(options.endpoint(), 64 * 1024)) {
            c.login(user, password);
            t.put("login", Scenario.millisSince(start));
            long s = System.nanoTime();
            String stat = c.command("STAT");
            t.put("stat", Scenario.millisSince(s));
            int count = Integer.parseInt(stat.split(" ")[1]);
            s = System.nanoTime();
            c.command("UIDL");
            int[] uidls = {0};
            c.body((b, o, l) -> uidls[0]++);
            t.put("uidl", Scenario.millisSince(s));
            s = System.nanoTime();
            c.command("LIST");
            Listing list = new Listing();
            c.body(list);
            t.put("list", Scenario.millisSince(s));
            if (uidls[0] != count || list.count() != count) {
                throw new IOException("STAT counts " + count + " messages, UIDL lists " + uidls[0] + " and LIST " + list.count());
            }
            t.put("stat_uidl_list", Scenario.round3(t.get("stat") + t.get("uidl") + t.get("list")));
            s = System.nanoTime();
            if (count > 0) {
                c.command("RETR " + count);
                long got = c.body();
                if (got != list.size(count)) throw new IOException("RETR " + count + " gave " + got + " octets, LIST said " + list.size(count));
            }
            t.put("retr_last", Scenario.millisSince(s));
            c.command("QUIT");
            t.put("messages", (double) count);
        }
        return t;
    }
}
