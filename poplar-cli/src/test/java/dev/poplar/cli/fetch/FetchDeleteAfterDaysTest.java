// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.client.ClientConfig;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.QuitOutcome;
import dev.poplar.testing.scripted.ScriptedPop3Server;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5 {@code --keep --delete-after-days N}: DELE only delivered messages first seen N days ago or more. */
@Timeout(60)
class FetchDeleteAfterDaysTest {
    @TempDir
    Path tmp;

    private ScriptedPop3Server server() throws java.io.IOException {
        return ScriptedPop3Server.builder().user("alice", "secret pw")
                .message("old", "Subject: old\r\n\r\nold\r\n")
                .message("recent", "Subject: recent\r\n\r\nrecent\r\n")
                .message("new", "Subject: new\r\n\r\nnew\r\n")
                .start();
    }

    private Fetcher.Result run(ScriptedPop3Server server, Path stateFile, Fetcher.Options options) throws Exception {
        Path maildir = tmp.resolve("Maildir");
        MaildirDestination dest = new MaildirDestination(maildir);
        try (FetchState state = FetchState.open(stateFile);
             Pop3Client pop = Pop3Client.connect(ClientConfig.builder("127.0.0.1").port(server.port())
                     .security(ClientConfig.Security.NONE).allowPlaintextLogin(true).build())) {
            pop.login("alice", "secret pw");
            Spool spool = new Spool(maildir.resolve("tmp"));
            return new Fetcher(pop, state, dest, spool, new PrintWriter(new StringWriter()), "alice@127.0.0.1").run(options);
        }
    }

    @Test
    void deliveredMessagesOlderThanNDaysAreDeletedOthersStay_issue5() throws Exception {
        Path stateFile = tmp.resolve("alice.state");
        Instant now = Instant.now();
        try (FetchState state = FetchState.open(stateFile)) {
            state.recordDeliveredAt("old", now.minus(Duration.ofDays(10)));
            state.recordDeliveredAt("recent", now.minus(Duration.ofDays(1)));
        }
        try (ScriptedPop3Server server = server()) {
            Fetcher.Result r = run(server, stateFile, new Fetcher.Options(true, false, 7));
            assertEquals(QuitOutcome.COMMITTED, r.quit());
            assertEquals(1, r.fetched(), "only the new one is fetched");
            assertEquals(1, r.deleted());
            assertEquals(List.of("recent", "new"), server.mailbox().uids());
            assertTrue(server.commands().contains("DELE 1"), server.commands().toString());

            // Again: the new message is 0 days old, so with N=0 it (and 'recent') go; with N=7 nothing would.
            Fetcher.Result r7 = run(server, stateFile, new Fetcher.Options(true, false, 7));
            assertEquals(0, r7.deleted());
            assertEquals(List.of("recent", "new"), server.mailbox().uids());
            Fetcher.Result r0 = run(server, stateFile, new Fetcher.Options(true, false, 0));
            assertEquals(2, r0.deleted());
            assertEquals(List.of(), server.mailbox().uids());
        }
        try (Stream<Path> s = Files.list(tmp.resolve("Maildir/new"))) {
            assertEquals(1, s.count(), "only 'new' was delivered here; nothing twice");
        }
    }

    @Test
    void withoutTheOptionKeepDeletesNothingAndUndeliveredAreNeverDeleted_issue5() throws Exception {
        Path stateFile = tmp.resolve("alice.state");
        try (FetchState state = FetchState.open(stateFile)) {
            state.recordDeliveredAt("old", Instant.now().minus(Duration.ofDays(100)));
        }
        try (ScriptedPop3Server server = server()) {
            Fetcher.Result r = run(server, stateFile, new Fetcher.Options(true, false));
            assertEquals(0, r.deleted());
            assertEquals(3, server.mailbox().uids().size());
            assertTrue(server.commands().stream().noneMatch(c -> c.startsWith("DELE")), server.commands().toString());
        }
    }
}
