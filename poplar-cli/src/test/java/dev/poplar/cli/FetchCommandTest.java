// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import dev.poplar.testing.InMemoryStore;
import dev.poplar.testing.scripted.Fault;
import dev.poplar.testing.scripted.ScriptedPop3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5 `poplar fetch`: every message exactly once, whatever breaks (client-anchors.md §2, §5). */
@Timeout(60)
class FetchCommandTest {
    static final List<String> MESSAGES = List.of(
            "Subject: one\r\n\r\nfirst\r\n",
            "Subject: two\r\n\r\n.\r\n..dots\r\n" + "x".repeat(5000) + "\r\n",
            "Subject: three\r\n\r\nthird \u00e9\r\n");

    @TempDir
    Path tmp;

    private Path passwordFile() throws Exception {
        Path f = tmp.resolve("password");
        if (!Files.exists(f)) Files.writeString(f, "secret pw\n");
        return f;
    }

    private Cli fetch(int port, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("fetch", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--user", "alice", "--password-file", passwordFile().toString(), "--tls", "none",
                "--to", "maildir:" + tmp.resolve("Maildir"), "--state", tmp.resolve("alice.state").toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private List<String> delivered() throws Exception {
        Path dir = tmp.resolve("Maildir/new");
        if (!Files.isDirectory(dir)) return List.of();
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) out.add(Files.readString(p, StandardCharsets.UTF_8));
        }
        out.sort(null);
        return out;
    }

    private static List<String> sorted(List<String> l) {
        List<String> out = new ArrayList<>(l);
        out.sort(null);
        return out;
    }

    private static ScriptedPop3Server scripted(Fault... faults) throws java.io.IOException {
        ScriptedPop3Server.Builder b = ScriptedPop3Server.builder().user("alice", "secret pw");
        for (int i = 0; i < MESSAGES.size(); i++) b.message("uid-" + (i + 1) + " with space", MESSAGES.get(i));
        return b.fault(faults).start();
    }

    @Test
    void keepModeFetchesEachMessageOnceByteExact_issue5() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret pw");
        MESSAGES.forEach(m -> store.deliver("alice", m));
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            Cli first = fetch(server.port(), "--keep");
            assertEquals(0, first.status(), first.err());
            assertEquals(sorted(MESSAGES), delivered());
            Cli again = fetch(server.port(), "--keep");
            assertEquals(0, again.status(), again.err());
            assertTrue(again.out().contains("0 fetched"), again.out());
            store.deliver("alice", "Subject: four\r\n\r\nnew\r\n");
            Cli third = fetch(server.port(), "--keep");
            assertTrue(third.out().contains("1 fetched"), third.out());
            assertEquals(4, delivered().size());
            assertEquals(4, store.uids("alice").size(), "--keep deletes nothing");
        }
    }

    @Test
    void withoutKeepMessagesAreDeletedAfterDelivery_issue5() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret pw");
        MESSAGES.forEach(m -> store.deliver("alice", m));
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            Cli r = fetch(server.port());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("3 fetched") && r.out().contains("3 deleted"), r.out());
        }
        assertEquals(List.of(), store.uids("alice"));
        assertEquals(sorted(MESSAGES), delivered());
    }

    @Test
    void aLostQuitReplyIsFinishedByTheNextRunWithoutDuplicates_issue5() throws Exception {
        try (ScriptedPop3Server lossy = scripted(Fault.dropOnQuit())) {
            Cli r = fetch(lossy.port());
            assertEquals(ExitCodes.TEMP_FAIL, r.status(), r.out() + r.err());
            assertEquals(3, lossy.mailbox().uids().size(), "nothing was committed");
        }
        assertEquals(sorted(MESSAGES), delivered());
        try (ScriptedPop3Server healthy = scripted()) {
            Cli r = fetch(healthy.port());
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("0 fetched") && r.out().contains("3 deleted"), r.out());
            assertEquals(List.of(), healthy.mailbox().uids(), "the pending deletions were finished");
            assertTrue(healthy.commands().stream().noneMatch(c -> c.startsWith("RETR")), "nothing fetched twice");
        }
        assertEquals(sorted(MESSAGES), delivered(), "no duplicates");
    }

    @Test
    void aCommittedQuitWhoseReplyWasLostDoesNotDuplicate_issue5() throws Exception {
        try (ScriptedPop3Server lossy = scripted(Fault.commitThenDropOnQuit())) {
            assertEquals(ExitCodes.TEMP_FAIL, fetch(lossy.port()).status());
            assertEquals(List.of(), lossy.mailbox().uids());
        }
        try (ScriptedPop3Server empty = ScriptedPop3Server.builder().user("alice", "secret pw").start()) {
            Cli r = fetch(empty.port());
            assertEquals(0, r.status(), r.err());
        }
        assertEquals(sorted(MESSAGES), delivered());
    }

    @Test
    void aConnectionCutMidRetrDeliversNothingHalfAndTheNextRunCompletes_issue5() throws Exception {
        try (ScriptedPop3Server cut = scripted(Fault.cutRetr(2, 40))) {
            Cli r = fetch(cut.port(), "--keep");
            assertEquals(ExitCodes.TEMP_FAIL, r.status(), r.out() + r.err());
        }
        assertEquals(List.of(MESSAGES.get(0)), delivered(), "only the whole first message");
        try (ScriptedPop3Server healthy = scripted()) {
            assertEquals(0, fetch(healthy.port(), "--keep").status());
            assertEquals(2, healthy.commands().stream().filter(c -> c.startsWith("RETR")).count(), "message 1 not fetched again");
        }
        assertEquals(sorted(MESSAGES), delivered());
    }

    @Test
    void startTlsRequestedButNotOfferedSendsNoPassword_issue5() throws Exception {
        try (ScriptedPop3Server server = scripted(Fault.stlsNotAdvertised())) {
            List<String> args = List.of("fetch", "--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                    "--user", "alice", "--password-file", passwordFile().toString(),
                    "--to", "maildir:" + tmp.resolve("Maildir"), "--state", tmp.resolve("alice.state").toString());
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(ExitCodes.UNAVAILABLE, r.status(), r.err());
            assertTrue(server.commands().stream().noneMatch(c -> c.startsWith("USER") || c.startsWith("PASS")), server.commands().toString());
        }
        assertEquals(List.of(), delivered());
    }

    @Test
    void aWrongPasswordExits77AndDryRunChangesNothing_issue5() throws Exception {
        try (ScriptedPop3Server server = scripted()) {
            Files.writeString(passwordFile(), "wrong\n");
            assertEquals(ExitCodes.NO_PERMISSION, fetch(server.port()).status());
            Files.writeString(passwordFile(), "secret pw\n");
            Cli dry = fetch(server.port(), "--dry-run");
            assertEquals(0, dry.status(), dry.err());
            assertEquals(3, dry.out().lines().filter(l -> l.startsWith("would fetch")).count(), dry.out());
            assertEquals(List.of(), delivered());
            assertEquals(3, server.mailbox().uids().size());
            assertEquals(0, fetch(server.port(), "--keep").status());
            assertEquals(3, delivered().size(), "the dry run recorded nothing");
        }
    }
}
