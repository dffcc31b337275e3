// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.poplar.server.Pop3Server;
import dev.poplar.testing.InMemoryStore;
import dev.poplar.testing.scripted.Fault;
import dev.poplar.testing.scripted.ScriptedPop3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 `poplar bench`: every scenario runs against a real server and reports figures that are
 * right (counts, sizes, held sessions), and a server that gets the protocol wrong is caught. Speed
 * is never asserted: these run with tiny counts and durations.
 */
@Timeout(120)
class BenchCommandTest {
    private static final String DOT_MESSAGE = "Subject: dots\n\n.\n..two\n.three\nend\n";

    @TempDir
    Path tmp;

    private final InMemoryStore store = new InMemoryStore();
    private final StringBuilder passwords = new StringBuilder();

    private void user(String name, String... messages) {
        String password = "pw-" + name;
        store.addUser(name, password);
        passwords.append(name).append('\t').append(password).append('\n');
        for (String m : messages) store.deliver(name, m);
    }

    @BeforeEach
    void dataSet() throws Exception {
        for (int i = 1; i <= 4; i++) user("user%04d".formatted(i), "Subject: a\r\n\r\nhello\r\n", DOT_MESSAGE, "x\n".repeat(3000));
        String[] many = new String[300];
        for (int i = 0; i < many.length; i++) many[i] = "Subject: " + i + "\n\nbody " + i + "\n";
        user("bigbox", many);
        user("bigmessage", "Subject: big\n\n" + "0123456789abcdef".repeat(4) + "\n".repeat(1) + ("A".repeat(76) + "\n").repeat(40_000));
        for (int i = 1; i <= 12; i++) user("idle%05d".formatted(i));
        user("probe", "Subject: p\n\nprobe\n");
        Files.writeString(tmp.resolve("passwords"), passwords);
    }

    private Cli bench(int port, String scenario, String... extra) {
        String[] common = {"bench", scenario, "--port", Integer.toString(port), "--data", tmp.toString(),
                "--label", "test", "--json", tmp.resolve("results.jsonl").toString(),
                "--server-pid", Long.toString(ProcessHandle.current().pid())};
        String[] args = new String[common.length + extra.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(extra, 0, args, common.length, extra.length);
        return Cli.run(args);
    }

    /** The metrics of the last JSON line written, after checking its scenario and label. */
    private Map<String, Double> lastMetrics(String scenario) throws Exception {
        List<String> lines = Files.readAllLines(tmp.resolve("results.jsonl"), StandardCharsets.UTF_8);
        Map<String, Double> metrics = new HashMap<>();
        String seenScenario = null;
        String seenLabel = null;
        try (JsonParser p = new JsonFactory().createParser(lines.get(lines.size() - 1))) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            String section = null;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.START_OBJECT) section = name;
                    else if ("metrics".equals(section) && value.isNumeric()) metrics.put(name, p.getDoubleValue());
                    else if (section == null && name.equals("scenario")) seenScenario = p.getText();
                    else if (section == null && name.equals("label")) seenLabel = p.getText();
                } else if (p.currentToken() == JsonToken.END_OBJECT) {
                    section = null;
                }
            }
        }
        assertEquals(scenario, seenScenario);
        assertEquals("test", seenLabel);
        return metrics;
    }

    private Pop3Server start() throws Exception {
        return Pop3Server.builder().authenticator(store).maildrops(store).start();
    }

    @Test
    void sessionsCountsWholeSessionsAndTimesEachStep_issue6() throws Exception {
        try (Pop3Server server = start()) {
            Cli r = bench(server.port(), "sessions", "--clients", "3", "--duration", "1");
            assertEquals(0, r.status(), r.err());
            Map<String, Double> m = lastMetrics("sessions");
            assertTrue(m.get("sessions") > 0, r.out());
            assertEquals(0, m.get("errors"), r.err());
            for (String step : List.of("session", "connect", "user", "pass", "stat", "uidl", "quit")) {
                assertTrue(m.containsKey(step + "_p99_ms"), step);
            }
            assertTrue(m.get("bench_cpu_pct") > 0);
            assertTrue(m.containsKey("server_cpu_pct"));
            assertTrue(r.out().contains("sessions_per_s"), r.out());
        }
    }

    @Test
    void downloadChecksEveryMessageAgainstList_issue6() throws Exception {
        try (Pop3Server server = start()) {
            Cli r = bench(server.port(), "download", "--clients", "2", "--duration", "1");
            assertEquals(0, r.status(), r.err());
            Map<String, Double> m = lastMetrics("download");
            assertTrue(m.get("messages") >= 3, r.out());
            assertEquals(0, m.get("size_mismatches"));
            assertEquals(0, m.get("errors"), r.err());
            // Only whole mailboxes of 3 messages, unless the deadline cut the last ones short.
            assertTrue(m.get("octets") > 0);
        }
    }

    @Test
    void downloadCatchesAServerThatDoesNotDotStuff_issue6() throws Exception {
        ScriptedPop3Server.Builder b = ScriptedPop3Server.builder().fault(new Fault.NoDotStuffing());
        b.user("user0001", "pw-user0001").message("u1", DOT_MESSAGE.replace("\n", "\r\n"));
        try (ScriptedPop3Server server = b.start()) {
            Cli r = bench(server.port(), "download", "--clients", "1", "--duration", "1");
            assertEquals(0, r.status(), r.err());
            Map<String, Double> m = lastMetrics("download");
            assertTrue(m.get("size_mismatches") > 0, r.out());
        }
    }

    @Test
    void bigboxReportsFirstAndWarmRunsOfTheWholeListing_issue6() throws Exception {
        try (Pop3Server server = start()) {
            Cli r = bench(server.port(), "bigbox", "--runs", "3");
            assertEquals(0, r.status(), r.err());
            Map<String, Double> m = lastMetrics("bigbox");
            assertEquals(300, m.get("messages"));
            for (String step : List.of("login", "stat", "uidl", "list", "retr_last", "stat_uidl_list")) {
                assertTrue(m.containsKey("first_" + step + "_ms"), step);
                assertTrue(m.containsKey("warm_" + step + "_ms"), step);
            }
        }
    }

    @Test
    void bigmessageFetchesTheWholeMessageAndMeasuresTheServersHeap_issue6() throws Exception {
        try (Pop3Server server = start()) {
            Cli r = bench(server.port(), "bigmessage", "--runs", "2");
            assertEquals(0, r.status(), r.err());
            Map<String, Double> m = lastMetrics("bigmessage");
            long expected = "Subject: big\r\n\r\n".length() + 66 + 40_000L * 78;
            assertEquals(expected, m.get("message_octets").longValue());
            assertTrue(m.get("mb_s") > 0);
            assertTrue(m.containsKey("rss_growth_mb"));
            // This test's own JVM is the "server": it runs from a JDK, so jstat is there.
            assertTrue(m.containsKey("heap_growth_mb"), r.out());
        }
    }

    @Test
    void idleHoldsEverySessionAndProbesMeanwhile_issue6() throws Exception {
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            Cli r = bench(server.port(), "idle", "--connections", "12", "--probes", "5", "--settle", "0");
            assertEquals(0, r.status(), r.err());
            Map<String, Double> m = lastMetrics("idle");
            assertEquals(12, m.get("held"), r.err());
            assertEquals(0, m.get("errors"), r.err());
            assertTrue(m.containsKey("probe_p99_ms"));
            assertTrue(m.containsKey("rss_per_conn_kb"));
        }
    }

    @Test
    void tooFewUsersOrNoServerAreClearErrors_issue6() throws Exception {
        try (Pop3Server server = start()) {
            Cli r = bench(server.port(), "sessions", "--clients", "5", "--duration", "1");
            assertEquals(ExitCodes.USAGE, r.status());
            assertTrue(r.err().contains("--users 5"), r.err());
            Cli idle = bench(server.port(), "idle", "--connections", "13");
            assertEquals(ExitCodes.USAGE, idle.status());
            assertTrue(idle.err().contains("--idle-users 13"), idle.err());
        }
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Cli none = bench(closedPort, "sessions", "--duration", "1");
        assertEquals(ExitCodes.UNAVAILABLE, none.status());
        assertTrue(none.err().contains("no POP3 server answers"), none.err());
    }

    @Test
    void helpExplainsEveryScenario_issue6() {
        Cli help = Cli.run("bench", "--help");
        assertEquals(0, help.status());
        for (String s : List.of("sessions", "download", "bigbox", "bigmessage", "idle", "generate")) {
            assertTrue(help.out().contains(s), s);
        }
    }
}
