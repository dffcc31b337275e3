// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.testing.scripted.Fault;
import dev.poplar.testing.scripted.ScriptedPop3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: {@code poplar fetch} killed (halt, like kill -9) between delivery and the state write, in its
 * own JVM; the next run loses nothing and, for a Maildir, doubles nothing. Also a server without UIDL.
 */
@Timeout(120)
class FetchCrashTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {}

    private ScriptedPop3Server scripted(Fault... faults) throws java.io.IOException {
        ScriptedPop3Server.Builder b = ScriptedPop3Server.builder().user("alice", "secret pw");
        for (int i = 0; i < FetchCommandTest.MESSAGES.size(); i++) b.message("uid-" + (i + 1) + " with space", FetchCommandTest.MESSAGES.get(i));
        return b.fault(faults).start();
    }

    private List<String> args(int port, String to, String... extra) throws Exception {
        Path pw = tmp.resolve("password");
        if (!Files.exists(pw)) Files.writeString(pw, "secret pw\n");
        List<String> args = new ArrayList<>(List.of("fetch", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--user", "alice", "--password-file", pw.toString(), "--tls", "none",
                "--to", to, "--state", tmp.resolve("alice.state").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** Runs {@code poplar ARGS} in its own JVM with the given system properties (like ServerProcess does). */
    private static Run runProcess(List<String> jvmOptions, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.poplar.cli.Main");
        command.addAll(args);
        Path out = Files.createTempFile("fetch-out", ".txt");
        Path err = Files.createTempFile("fetch-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                fail("poplar fetch did not end: " + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private List<String> maildir() throws Exception {
        List<String> all = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path dir = tmp.resolve("Maildir").resolve(sub);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) all.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        all.sort(null);
        return all;
    }

    private static List<String> sorted(List<String> l) {
        List<String> out = new ArrayList<>(l);
        out.sort(null);
        return out;
    }

    @Test
    void killedBetweenMaildirDeliveryAndStateWriteNeitherLosesNorDoubles_issue5() throws Exception {
        try (ScriptedPop3Server server = scripted()) {
            String to = "maildir:" + tmp.resolve("Maildir");
            Run killed = runProcess(List.of("-Dpoplar.fetch.test.killAfterDelivery=2"), args(server.port(), to));
            assertEquals(137, killed.status(), killed.out() + killed.err());
            assertEquals(sorted(FetchCommandTest.MESSAGES.subList(0, 2)), maildir(), "two delivered before the kill");
            assertEquals(3, server.mailbox().uids().size(), "no QUIT, nothing deleted");
            String journal = Files.readString(tmp.resolve("alice.state.journal"));
            assertTrue(journal.contains("delivering uid-2%20with%20space"), journal);

            Run again = runProcess(List.of(), args(server.port(), to));
            assertEquals(0, again.status(), again.out() + again.err());
            assertTrue(again.out().contains("delivered by an interrupted run"), again.out());
            assertTrue(again.out().contains("1 fetched") && again.out().contains("3 deleted"), again.out());
            assertEquals(sorted(FetchCommandTest.MESSAGES), maildir(), "each message exactly once");
            assertEquals(List.of(), server.mailbox().uids());
            assertEquals(1, server.commands().stream().filter(c -> c.startsWith("RETR 3")).count(), server.commands().toString());
            assertEquals(1, server.commands().stream().filter(c -> c.startsWith("RETR 2")).count(), "message 2 not fetched again");
        }
    }

    @Test
    void killedAfterAnMboxDeliveryWarnsThatTheMessageMayBeDoubled_issue5() throws Exception {
        try (ScriptedPop3Server server = scripted()) {
            String to = "mbox:" + tmp.resolve("mbox");
            Run killed = runProcess(List.of("-Dpoplar.fetch.test.killAfterDelivery=1"), args(server.port(), to, "--keep"));
            assertEquals(137, killed.status(), killed.out() + killed.err());
            Run again = runProcess(List.of(), args(server.port(), to, "--keep"));
            assertEquals(0, again.status(), again.out() + again.err());
            assertTrue(again.out().contains("warning") && again.out().contains("uid-1 with space")
                    && again.out().contains("delivered twice"), again.out());
            assertTrue(again.out().contains("3 fetched"), "nothing lost: " + again.out());
        }
    }

    @Test
    void aServerWithoutUidlIsFetchedByHeaderDigestWithoutDuplicates_issue5() throws Exception {
        try (ScriptedPop3Server server = scripted(Fault.noUidl())) {
            String to = "maildir:" + tmp.resolve("Maildir");
            Cli first = Cli.run(args(server.port(), to, "--keep").toArray(String[]::new));
            assertEquals(0, first.status(), first.out() + first.err());
            assertEquals(1, ServerProcess.occurrences(first.out(), "does not support UIDL"), first.out());
            assertTrue(first.out().contains("3 fetched"), first.out());
            Cli second = Cli.run(args(server.port(), to, "--keep").toArray(String[]::new));
            assertEquals(0, second.status(), second.out() + second.err());
            assertEquals(1, ServerProcess.occurrences(second.out(), "does not support UIDL"), second.out());
            assertTrue(second.out().contains("0 fetched"), second.out());
            assertEquals(sorted(FetchCommandTest.MESSAGES), maildir(), "no duplicates");
            assertEquals(3, server.commands().stream().filter(c -> c.startsWith("RETR")).count(), server.commands().toString());
        }
    }

    @Test
    void withoutUidlATopThatSendsTheWholeMessageStillGivesStableIds_issue5() throws Exception {
        try (ScriptedPop3Server server = scripted(Fault.noUidl(), Fault.topWholeMessage())) {
            String to = "maildir:" + tmp.resolve("Maildir");
            for (int run = 0; run < 2; run++) {
                Cli r = Cli.run(args(server.port(), to, "--keep").toArray(String[]::new));
                assertEquals(0, r.status(), r.out() + r.err());
                assertTrue(r.out().contains((run == 0 ? "3" : "0") + " fetched"), r.out());
            }
            assertEquals(sorted(FetchCommandTest.MESSAGES), maildir(), "no duplicates");
        }
    }

    @Test
    void deleteAfterDaysNeedsKeep_issue5() throws Exception {
        Cli r = Cli.run(args(1, "maildir:" + tmp.resolve("Maildir"), "--delete-after-days", "3").toArray(String[]::new));
        assertEquals(ExitCodes.USAGE, r.status(), r.err());
    }

    @Test
    void helpDocumentsTheRisks_issue5() {
        Cli help = Cli.run("fetch", "--help");
        assertTrue(help.out().contains("may") && help.out().contains("delivered twice"), help.out());
        assertTrue(help.out().contains("without UIDL") && help.out().contains("collide"), help.out());
        assertTrue(help.out().contains("--delete-after-days") && help.out().contains("killAfterDelivery"), help.out());
    }
}
