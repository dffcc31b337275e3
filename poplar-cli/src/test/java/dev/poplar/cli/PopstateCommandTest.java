// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.cli.popstate.PopstateAccount;
import dev.poplar.cli.popstate.PopstateEntry;
import dev.poplar.cli.popstate.PopstateFile;
import dev.poplar.server.Pop3Server;
import dev.poplar.testing.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5 `poplar popstate read|rebuild`, against Poplar's own server. */
@Timeout(60)
class PopstateCommandTest {
    @TempDir
    Path tmp;

    /** Runs {@code poplar ARGS} in-process, as the real tool. */
    static Cli poplar(String... args) {
        return Cli.run(args);
    }

    private Cli rebuild(int port, String... extra) throws Exception {
        Path pw = tmp.resolve("password");
        if (!Files.exists(pw)) Files.writeString(pw, "secret pw\n");
        List<String> args = new ArrayList<>(List.of("popstate", "rebuild", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--user", "alice", "--password-file", pw.toString(), "--tls", "none"));
        args.addAll(List.of(extra));
        return poplar(args.toArray(String[]::new));
    }

    @Test
    void readPrintsAccountsAndEntries_issue5() throws Exception {
        Path f = tmp.resolve("popstate.dat");
        Files.writeString(f, "# POP3 State File\n\n*pop.example.org alice\nk uid-1 1700000000\nz bad 1\n*h2 bob\nd uid-2\n");
        Cli r = poplar("popstate", "read", f.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("account pop.example.org alice: 1 message(s)"), r.out());
        assertTrue(r.out().contains("k keep    1700000000 2023-11-14T22:13:20Z"), r.out());
        assertTrue(r.out().contains("uid-1"), r.out());
        assertTrue(r.out().contains("account h2 bob: 1 message(s)") && r.out().contains("d delete"), r.out());
        assertTrue(r.err().contains("line 5: unknown flag 'z'"), r.err());
        assertEquals(ExitCodes.IO_ERROR, poplar("popstate", "read", tmp.resolve("missing").toString()).status());
    }

    @Test
    void rebuildMarksAllButTheNewestTwoAndRefusesToOverwrite_issue5() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret pw");
        for (int i = 1; i <= 5; i++) store.deliver("alice", "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n");
        List<String> uids = store.uids("alice");
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            Path out = tmp.resolve("popstate.dat.new");
            long before = Instant.now().getEpochSecond();
            Cli r = rebuild(server.port(), "--skip-newest", "2", "--out", out.toString());
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("3 message(s) marked as downloaded, 2 newest left"), r.out());
            PopstateFile f = PopstateFile.parse(Files.readAllBytes(out));
            assertEquals(List.of(), f.warnings());
            assertEquals(1, f.accounts().size());
            PopstateAccount a = f.accounts().get(0);
            assertEquals("127.0.0.1", a.host());
            assertEquals("alice", a.user());
            assertEquals(uids.subList(0, 3), a.entries().stream().map(PopstateEntry::uid).toList());
            for (PopstateEntry e : a.entries()) {
                assertEquals('k', e.flag());
                assertTrue(e.time() >= before && e.time() <= Instant.now().getEpochSecond(), e.toString());
            }
            assertTrue(Files.readString(out).startsWith(PopstateFile.HEADER));

            byte[] first = Files.readAllBytes(out);
            Cli again = rebuild(server.port(), "--out", out.toString());
            assertEquals(ExitCodes.CANNOT_CREATE, again.status(), again.err());
            assertTrue(again.err().contains("refusing to overwrite"), again.err());
            assertArrayEquals(first, Files.readAllBytes(out), "the existing file is untouched");

            Cli forced = rebuild(server.port(), "--out", out.toString(), "--force");
            assertEquals(0, forced.status(), forced.err());
            assertEquals(5, PopstateFile.parse(Files.readAllBytes(out)).accounts().get(0).entries().size());
            try (var s = Files.list(tmp)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
            }
            assertEquals(5, store.uids("alice").size(), "nothing deleted on the server");
        }
    }

    @Test
    void rebuildMergesIntoAnExistingFile_issue5() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret pw");
        for (int i = 1; i <= 3; i++) store.deliver("alice", "Subject: m" + i + "\r\n\r\nbody\r\n");
        List<String> uids = store.uids("alice");
        Path live = tmp.resolve("popstate.dat");
        String original = "# POP3 State File\r\n# This is a generated file!  Do not edit.\r\n\r\n"
                + "*other.example.net bob\r\nk b-1 1500000000\r\n"
                + "*pop.example.org alice\r\nd " + uids.get(0) + " 1400000000\r\nk long-gone 1300000000\r\n";
        Files.writeString(live, original);
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            Path out = tmp.resolve("merged.dat");
            Cli r = rebuild(server.port(), "--merge", live.toString(), "--state-host", "pop.example.org",
                    "--skip-newest", "1", "--out", out.toString());
            assertEquals(0, r.status(), r.out() + r.err());
            String text = Files.readString(out);
            assertTrue(text.contains("\r\n*other.example.net bob\r\nk b-1 1500000000\r\n"), text);
            PopstateAccount a = PopstateFile.parse(Files.readAllBytes(out)).account("pop.example.org", "alice");
            assertEquals(new PopstateEntry('d', uids.get(0), 1400000000L), a.entries().get(0), "a pending delete is kept");
            assertEquals(List.of(uids.get(0), uids.get(1)), a.entries().stream().map(PopstateEntry::uid).toList());
            assertEquals(original, Files.readString(live), "the live file is untouched");
        }
    }

    @Test
    void wrongPasswordIsNoPermissionAndWritesNothing_issue5() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "other");
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            Path out = tmp.resolve("x.dat");
            Cli r = rebuild(server.port(), "--out", out.toString());
            assertEquals(ExitCodes.NO_PERMISSION, r.status(), r.err());
            assertFalse(Files.exists(out));
        }
    }
}
