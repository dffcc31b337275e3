// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code poplar} in its own JVM, as an operator runs it: real signals, real Maildir, real restarts. */
@Timeout(300)
class EndToEndTest {
    @TempDir
    Path tmp;

    private Path users;
    private Path root;

    private void setUp(int messages) throws Exception {
        users = tmp.resolve("users");
        root = Files.createDirectories(tmp.resolve("mail/alice")).getParent();
        assertEquals(0, Cli.input("secret pw\n", "user", "add", "alice", "--users", users.toString(), "--password-stdin").status());
        for (int i = 1; i <= messages; i++) {
            String msg = "Subject: message " + i + "\n\nbody " + i + "\n" + (i % 2 == 0 ? ".\n" : "") + "x".repeat(i * 10) + "\n";
            assertEquals(0, Cli.input(msg, "deliver", "alice", "--maildir-root", root.toString()).status());
        }
    }

    private ServerProcess serve(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0", "--maildir-root", root.toString(),
                "--users", users.toString(), "--shutdown-grace", "0"));
        args.addAll(List.of(extra));
        return ServerProcess.start(args.toArray(String[]::new));
    }

    private static Map<String, byte[]> fetchAll(Pop3Session s) throws Exception {
        Map<String, byte[]> byUid = new LinkedHashMap<>();
        assertTrue(s.command("UIDL").startsWith("+OK"));
        List<String> uidl = s.lines();
        for (String line : uidl) {
            String[] parts = line.split(" ");
            byUid.put(parts[1], s.retr(Integer.parseInt(parts[0])));
        }
        return byUid;
    }

    private int filesOnDisk() throws Exception {
        int n = 0;
        for (String d : List.of("new", "cur")) {
            try (Stream<Path> s = Files.list(root.resolve("alice").resolve(d))) {
                n += (int) s.count();
            }
        }
        return n;
    }

    @Test
    void deletionsAcknowledgedByQuitSurviveSigkillAndTheRestKeepTheirUidls_issue2durability() throws Exception {
        setUp(12);
        Map<String, byte[]> expected;
        try (ServerProcess p = serve(); Pop3Session s = new Pop3Session(p.port())) {
            s.login("alice", "secret pw");
            expected = fetchAll(s);
            s.command("QUIT");
        }
        assertEquals(12, expected.size());
        for (int round = 0; round < 3; round++) {
            List<String> deleted = new ArrayList<>();
            try (ServerProcess p = serve(); Pop3Session s = new Pop3Session(p.port())) {
                s.login("alice", "secret pw");
                assertTrue(s.command("UIDL").startsWith("+OK"));
                List<String> uidl = s.lines();
                for (int i = 0; i < uidl.size(); i += 3) {
                    String[] parts = uidl.get(i).split(" ");
                    assertTrue(s.command("DELE " + parts[0]).startsWith("+OK"));
                    deleted.add(parts[1]);
                }
                assertTrue(s.command("QUIT").startsWith("+OK"));
                p.kill(); // SIGKILL right after the +OK: no cleanup, no shutdown hook
            }
            deleted.forEach(expected::remove);
            try (ServerProcess p = serve(); Pop3Session s = new Pop3Session(p.port())) {
                s.login("alice", "secret pw");
                Map<String, byte[]> now = fetchAll(s);
                assertEquals(expected.keySet(), now.keySet(), "round " + round + ": same survivors, same UIDLs");
                for (String uid : expected.keySet()) assertArrayEquals(expected.get(uid), now.get(uid), uid);
                s.command("QUIT");
            }
            assertEquals(expected.size(), filesOnDisk());
        }
    }

    @Test
    void sigtermClosesOpenSessionsWithoutDeletingAndExitsZero_issue2contract() throws Exception {
        setUp(3);
        try (ServerProcess p = serve(); Pop3Session s = new Pop3Session(p.port())) {
            s.login("alice", "secret pw");
            assertTrue(s.command("DELE 1").startsWith("+OK"));
            assertEquals(0, p.terminate(), p.stderr());
            assertNull(s.line(), "the session was closed by the shutdown");
            assertTrue(p.stderr().contains("stopped"), p.stderr());
        }
        assertEquals(3, filesOnDisk(), "an uncommitted DELE deletes nothing");
    }

    @Test
    void loginsAreLoggedWithoutPasswords_issue2() throws Exception {
        setUp(1);
        try (ServerProcess p = serve(); Pop3Session s = new Pop3Session(p.port())) {
            s.login("alice", "secret pw");
            s.command("QUIT");
            try (Pop3Session bad = new Pop3Session(p.port())) {
                bad.command("USER alice");
                assertTrue(bad.command("PASS wrong-guess").startsWith("-ERR [AUTH]"));
            }
            p.terminate();
            assertTrue(p.stderr().contains("pop3-login: Login: user=<alice>, method=USER, rip=127.0.0.1"), p.stderr());
            assertTrue(p.stderr().contains("Aborted login (auth failed"), p.stderr());
            assertFalse(p.stderr().contains("secret pw") || p.stderr().contains("wrong-guess"), p.stderr());
        }
    }

    @Test
    void demoServesItsMailAndKeepsItsPassword_issue2() throws Exception {
        Path dir = tmp.resolve("demo");
        String password;
        try (ServerProcess p = ServerProcess.start("demo", "--dir", dir.toString(), "--listen", "127.0.0.1:0", "--tls-listen", "127.0.0.1:0")) {
            Matcher m = Pattern.compile("password:\\s+(\\S+)").matcher(p.stdout());
            assertTrue(m.find(), p.stdout());
            password = m.group(1);
            for (String hint : List.of("curl", "nc -C", "telnet", "poplib", "Thunderbird")) assertTrue(p.stdout().contains(hint), hint);
            try (Pop3Session s = new Pop3Session(p.port())) {
                s.login("demo", password);
                assertEquals("+OK 5 ", s.command("STAT").substring(0, 6));
                String multipart = new String(s.retr(2), StandardCharsets.UTF_8);
                assertTrue(multipart.contains("multipart/mixed") && multipart.contains("filename=\"map-tile.png\""), multipart);
                String dots = new String(s.retr(4), StandardCharsets.UTF_8);
                assertTrue(dots.contains("\r\n.\r\nThe line above is a single dot."), dots);
                s.command("QUIT");
            }
            assertEquals(0, p.terminate());
        }
        try (ServerProcess p = ServerProcess.start("demo", "--dir", dir.toString(), "--listen", "127.0.0.1:0", "--tls-listen", "127.0.0.1:0");
             Pop3Session s = new Pop3Session(p.port())) {
            assertTrue(p.stdout().contains(password), "the second run prints the same password");
            s.login("demo", password);
            assertEquals("+OK 5 ", s.command("STAT").substring(0, 6), "mail is not delivered twice");
        }
    }
}
