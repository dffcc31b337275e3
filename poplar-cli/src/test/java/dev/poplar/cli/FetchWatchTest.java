// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.testing.InMemoryStore;
import dev.poplar.testing.scripted.ScriptedPop3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 `poplar fetch --watch`: on one sleeping connection where the server offers SLEE-WAKE, by
 * logging in again where not. {@code --watch-polls} (test support only) bounds the loop; the interval is
 * 0. New mail arrives between polls deterministically: the real server's maildrop provider delivers it
 * when the maildrop is opened the second time (at the first WAKE), so no assertion depends on timing.
 */
@Timeout(60)
class FetchWatchTest {
    static final String FIRST = "Subject: one\r\n\r\nfirst\r\n";
    static final String LATER = "Subject: later\r\n\r\narrived while the connection slept\r\n";

    @TempDir
    Path tmp;

    private Cli fetch(int port, String... extra) throws Exception {
        Path pw = tmp.resolve("password");
        if (!Files.exists(pw)) Files.writeString(pw, "secret pw\n");
        List<String> args = new ArrayList<>(List.of("fetch", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--user", "alice", "--password-file", pw.toString(), "--tls", "none",
                "--to", "maildir:" + tmp.resolve("Maildir"), "--state", tmp.resolve("alice.state").toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private List<String> delivered() throws Exception {
        Path dir = tmp.resolve("Maildir/new");
        if (!Files.isDirectory(dir)) return List.of();
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) out.add(Files.readString(p, StandardCharsets.UTF_8));
        }
        out.sort(null);
        return out;
    }

    private static List<String> sorted(String... l) {
        List<String> out = new ArrayList<>(List.of(l));
        out.sort(null);
        return out;
    }

    @Test
    void sleepWakeServer_onePollingConnection_newMailFetchedAndDeleted() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret pw");
        store.deliver("alice", FIRST);
        AtomicInteger logins = new AtomicInteger();
        AtomicInteger opens = new AtomicInteger();
        Authenticator counting = (user, password) -> {
            logins.incrementAndGet();
            return store.authenticate(user, password);
        };
        MaildropProvider delivering = account -> {
            // the 2nd open is the first WAKE: mail arrived while the connection slept
            if (opens.incrementAndGet() == 2) store.deliver("alice", LATER);
            return store.open(account);
        };
        try (Pop3Server server = Pop3Server.builder().authenticator(counting).maildrops(delivering).start()) {
            Cli watch = fetch(server.port(), "--watch", "--watch-interval", "0", "--watch-polls", "3");
            assertEquals(0, watch.status(), watch.out() + watch.err());
            assertEquals(sorted(FIRST, LATER), delivered());
            assertTrue(store.uids("alice").isEmpty(), "SLEE committed the deletions like QUIT");
            assertEquals(1, logins.get(), "one login: later polls woke the sleeping connection");
            assertEquals(3, opens.get(), "the maildrop was opened at login and at each of two WAKEs");
            assertTrue(watch.out().contains("woke: new mail"), watch.out());
            assertTrue(watch.out().contains("woke: no new mail"), watch.out());
        }
    }

    @Test
    void sleepWakeServer_keepMode_eachMessageOnce() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret pw");
        store.deliver("alice", FIRST);
        AtomicInteger opens = new AtomicInteger();
        MaildropProvider delivering = account -> {
            if (opens.incrementAndGet() == 2) store.deliver("alice", LATER);
            return store.open(account);
        };
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(delivering).start()) {
            Cli watch = fetch(server.port(), "--keep", "--watch", "--watch-interval", "0", "--watch-polls", "3");
            assertEquals(0, watch.status(), watch.out() + watch.err());
            assertEquals(sorted(FIRST, LATER), delivered());
            assertEquals(2, store.uids("alice").size());
            Cli again = fetch(server.port(), "--keep");
            assertEquals(0, again.status(), again.err());
            assertTrue(again.out().contains("0 fetched"), again.out());
        }
    }

    @Test
    void serverWithoutSleepWake_reconnectsForEachPoll() throws Exception {
        try (ScriptedPop3Server server = ScriptedPop3Server.builder().user("alice", "secret pw")
                .message("uid-1", FIRST).message("uid-2", LATER).start()) {
            Cli watch = fetch(server.port(), "--keep", "--watch", "--watch-interval", "0", "--watch-polls", "3");
            assertEquals(0, watch.status(), watch.out() + watch.err());
            assertEquals(sorted(FIRST, LATER), delivered());
            assertEquals(3, server.connections());
            List<String> commands = server.commands();
            assertEquals(3, commands.stream().filter("QUIT"::equalsIgnoreCase).count(), commands.toString());
            assertTrue(commands.stream().noneMatch(c -> c.startsWith("SLEE") || c.startsWith("WAKE")), commands.toString());
            assertTrue(watch.out().contains("2 fetched"), watch.out());
            assertTrue(watch.out().contains("0 fetched"), watch.out());
        }
    }

    @Test
    void watchPollsWithoutWatch_isAUsageError() throws Exception {
        Cli c = fetch(1, "--watch-polls", "2");
        assertEquals(64, c.status());
        Cli negative = fetch(1, "--watch", "--watch-interval", "-1");
        assertEquals(64, negative.status());
    }
}
