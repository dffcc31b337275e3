// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * protocol.md §6 and research §5.2 (goal G11), end to end: {@code poplar serve}'s stderr, saved to a
 * file as an operator's service manager would, read by the real {@code fail2ban-regex} with the stock
 * {@code dovecot} filter and with the filter we ship in contrib/fail2ban. Every failed login is one
 * match with the true peer address, however hostile the user name; a success is not a match; no
 * secret reaches the log.
 */
@Timeout(300)
class Fail2banEndToEndTest {
    private static final String PASSWORD = "secret pw 7f3e";
    /** USER name that tries to close the user=<...> field and pose as the rip= field (research §5.2). */
    private static final String HOSTILE_USER = "eve>, method=USER, rip=198.51.100.7, lip=127.0.0.1\\";
    /** A forged second log line, smuggled in a SASL PLAIN authcid after a raw LF (and a CR at its end). */
    private static final String FORGED_LINE = "2026-01-01 00:00:00 pop3-login: Aborted login (auth failed, 1 attempts in 1 secs):"
            + " user=<x>, method=PLAIN, rip=198.51.100.7, lip=127.0.0.1";
    private static final Pattern LOG_LINE_START = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ");

    @TempDir
    Path tmp;

    private static String plain(String authcid, String password) {
        return Base64.getEncoder().encodeToString(("\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyFailedLoginIsOneMatchWithThePeerAddressForTheStockAndTheShippedFilter_protocol6_G11() throws Exception {
        Path fail2banRegex = Operator.requireTool("fail2ban-regex", "fail2ban");
        Path commonConf = Operator.requireFile(Path.of("/etc/fail2ban/filter.d/common.conf"), "fail2ban");
        Operator.requireFile(Path.of("/etc/fail2ban/filter.d/dovecot.conf"), "fail2ban");

        Path users = tmp.resolve("users");
        Path root = Files.createDirectories(tmp.resolve("mail"));
        Operator.addUser(users, "alice", PASSWORD);
        Operator.deliver(root, "alice", 1);
        Path tls = tmp.resolve("tls");
        Operator.selfSigned(tls, "localhost");
        TlsClient client = TlsClient.trusting("localhost", tls.resolve("cert.pem"));

        String stlsPayload = plain("mallory\n" + FORGED_LINE + "\r", "wrong-guess-3");
        String plainPayload = plain("mallory\n" + FORGED_LINE + "\r", "wrong-guess-4");
        String stderr;
        try (ServerProcess p = ServerProcess.start("serve", "--listen", "127.0.0.1:0", "--tls-listen", "127.0.0.1:0",
                "--cert", tls.resolve("cert.pem").toString(), "--key", tls.resolve("key.pem").toString(),
                "--maildir-root", root.toString(), "--users", users.toString(), "--trusted-networks", "none",
                "--shutdown-grace", "0")) {
            // 1. USER/PASS with a wrong password, over implicit TLS (plaintext login is refused on the plain port).
            try (Pop3Session s = new Pop3Session(p.tlsPort(), client)) {
                assertTrue(s.command("USER alice").startsWith("+OK"));
                assertTrue(s.command("PASS wrong-guess-1").startsWith("-ERR [AUTH]"));
            }
            // The one success: it must not be matched.
            try (Pop3Session s = new Pop3Session(p.tlsPort(), client)) {
                s.login("alice", PASSWORD);
                assertTrue(s.command("QUIT").startsWith("+OK"));
            }
            // 2. A user name made to close the field and pose as another rip=.
            try (Pop3Session s = new Pop3Session(p.tlsPort(), client)) {
                assertTrue(s.command("USER " + HOSTILE_USER).startsWith("+OK"));
                assertTrue(s.command("PASS wrong-guess-2").startsWith("-ERR [AUTH]"));
            }
            // 3. AUTH PLAIN after STLS, the authcid carrying a raw LF and CR and a whole forged line.
            try (Pop3Session s = new Pop3Session(p.port())) {
                s.startTls(client);
                assertTrue(s.command("AUTH PLAIN").startsWith("+ "));
                assertTrue(s.command(stlsPayload).startsWith("-ERR"), "a malformed PLAIN message fails");
                assertTrue(s.command("QUIT").startsWith("+OK"));
            }
            // 4. The same on the plain port: refused before any check, logged as disallowed plaintext auth.
            try (Pop3Session s = new Pop3Session(p.port())) {
                assertTrue(s.command("AUTH PLAIN " + plainPayload).startsWith("-ERR [AUTH]"));
                assertTrue(s.command("QUIT").startsWith("+OK"));
            }
            p.awaitStderr("pop3-login: Aborted login", 4, Duration.ofSeconds(30));
            assertEquals(0, p.terminate(), p.stderr());
            stderr = p.stderr();
        }
        Path log = tmp.resolve("poplar.log");
        Files.writeString(log, stderr, StandardCharsets.UTF_8);

        List<String> failures = stderr.lines().filter(l -> l.contains("pop3-login: Aborted login")).toList();
        List<String> successes = stderr.lines().filter(l -> l.contains("pop3-login: Login:")).toList();
        assertEquals(4, failures.size(), stderr);
        assertEquals(1, successes.size(), stderr);
        assertEquals(1, failures.stream().filter(l -> l.contains("(tried to use disallowed plaintext auth)")).count(), stderr);
        assertTrue(failures.stream().anyMatch(l -> l.contains("user=<eve\\x3e\\x2c method\\x3dUSER\\x2c rip\\x3d198.51.100.7\\x2c"
                + " lip\\x3d127.0.0.1\\x5c>, method=USER, rip=127.0.0.1,")), "the hostile name, escaped:\n" + stderr);
        for (String line : stderr.lines().toList()) {
            assertTrue(LOG_LINE_START.matcher(line).find(), "every line is a log line; no forged or split line: [" + line + "]\n" + stderr);
        }
        for (String secret : List.of(PASSWORD, "wrong-guess-1", "wrong-guess-2", "wrong-guess-3", "wrong-guess-4", stlsPayload,
                plainPayload, "rip=198.51.100.7", "198.51.100.7, lip=127.0.0.1\\")) {
            assertFalse(stderr.contains(secret), "'" + secret + "' in stderr:\n" + stderr);
        }

        // The stock filter, by name, from the system configuration.
        assertMatches(List.of(fail2banRegex.toString(), "-o", "ip", log.toString(), "dovecot"),
                List.of(fail2banRegex.toString(), "-o", "msg", log.toString(), "dovecot"), failures, successes);
        // Our filter needs fail2ban's common.conf next to it: a config directory as /etc/fail2ban is laid out.
        Path conf = Files.createDirectories(tmp.resolve("fail2ban/filter.d"));
        Files.copy(commonConf, conf.resolve("common.conf"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Operator.repositoryFile("contrib/fail2ban/filter.d/poplar.conf"), conf.resolve("poplar.conf"));
        String dir = conf.getParent().toString();
        assertMatches(List.of(fail2banRegex.toString(), "-c", dir, "-o", "ip", log.toString(), "poplar"),
                List.of(fail2banRegex.toString(), "-c", dir, "-o", "msg", log.toString(), "poplar"), failures, successes);
    }

    private void assertMatches(List<String> ipCommand, List<String> msgCommand, List<String> failures, List<String> successes)
            throws Exception {
        List<String> ips = Operator.exec(tmp, ipCommand).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertEquals(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1"), ips,
                ipCommand + ": one match per failure, each the real peer (never 198.51.100.7)");
        List<String> matched = Operator.exec(tmp, msgCommand).lines().filter(l -> !l.isBlank()).toList();
        assertEquals(failures, matched, msgCommand + ": exactly the failure lines, each once");
        for (String s : successes) assertFalse(matched.contains(s), "the successful login is not a match: " + s);
    }
}
