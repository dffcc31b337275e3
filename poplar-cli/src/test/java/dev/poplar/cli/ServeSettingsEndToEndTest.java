// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue 3 settings of {@code poplar serve} as an operator gives them, in a --config file or on the
 * command line, checked over the wire (LOGIN-DELAY, trusted networks, per-address limit, APOP, idle
 * timeout) and the exit codes of a wrong setup (sysexits: 64 usage, 78 configuration). Each run is its
 * own JVM.
 */
@Timeout(300)
class ServeSettingsEndToEndTest {
    private static final String SECRET = "apop-secret";
    private static final Pattern APOP_TIMESTAMP = Pattern.compile("^\\+OK .* (<[^<>@\\s]+@localhost>)$");

    @TempDir
    Path tmp;

    private Path users;
    private Path root;

    /** alice with a {PLAIN} secret, as APOP needs (Dovecot passwd-file format, written by hand). */
    private void setUp() throws Exception {
        users = tmp.resolve("users");
        Files.writeString(users, "alice:{PLAIN}" + SECRET + "\n", StandardCharsets.UTF_8);
        root = Files.createDirectories(tmp.resolve("mail"));
        Operator.deliver(root, "alice", 2);
    }

    private static List<String> capa(Pop3Session s) throws Exception {
        assertTrue(s.command("CAPA").startsWith("+OK"));
        return s.lines();
    }

    private static String apop(String greeting) throws Exception {
        Matcher m = APOP_TIMESTAMP.matcher(greeting);
        assertTrue(m.find(), "the greeting carries an APOP timestamp: " + greeting);
        byte[] digest = MessageDigest.getInstance("MD5").digest((m.group(1) + SECRET).getBytes(StandardCharsets.UTF_8));
        return "APOP alice " + HexFormat.of().formatHex(digest);
    }

    @Test
    void configFileSettingsTakeEffectOnTheWire_issue3() throws Exception {
        setUp();
        Path tls = tmp.resolve("tls");
        Operator.selfSigned(tls, "localhost");
        Path config = tmp.resolve("poplar.conf");
        Files.writeString(config, """
                # /etc/poplar/poplar.conf
                tls-listen = 127.0.0.1:0
                cert = %s
                key = %s
                trusted-networks = none
                login-delay = 3600
                max-connections-per-ip = 2
                apop = true
                shutdown-grace = 0
                """.formatted(tls.resolve("cert.pem"), tls.resolve("key.pem")), StandardCharsets.UTF_8);
        try (ServerProcess p = ServerProcess.start("serve", "--config", config.toString(), "--listen", "127.0.0.1:0",
                "--maildir-root", root.toString(), "--users", users.toString())) {
            // 1st connection, plain: loopback is not trusted, so no USER; APOP works without TLS.
            Pop3Session first = new Pop3Session(p.port());
            List<String> plainCapa = capa(first);
            assertTrue(plainCapa.contains("LOGIN-DELAY 3600"), plainCapa.toString());
            assertTrue(plainCapa.contains("STLS"), plainCapa.toString());
            assertFalse(plainCapa.contains("USER"), "untrusted plain connection: " + plainCapa);
            for (String c : plainCapa) {
                if (c.startsWith("SASL ")) assertFalse(List.of(c.split(" ")).contains("PLAIN") || List.of(c.split(" ")).contains("LOGIN"), c);
            }
            assertTrue(first.command("USER alice").startsWith("-ERR [AUTH]"));
            assertTrue(first.command(apop(first.greeting)).startsWith("+OK"), "APOP login");

            // 2nd connection, on the TLS port from the config file: passwords allowed, LOGIN-DELAY still applies.
            TlsClient client = TlsClient.trusting("localhost", tls.resolve("cert.pem"));
            Pop3Session second = new Pop3Session(p.tlsPort(), client);
            apop(second.greeting);
            List<String> tlsCapa = capa(second);
            assertTrue(tlsCapa.contains("USER") && tlsCapa.contains("LOGIN-DELAY 3600"), tlsCapa.toString());

            // 3rd connection from 127.0.0.1: over max-connections-per-ip.
            try (Pop3Session third = new Pop3Session(p.port())) {
                assertTrue(third.greeting.startsWith("-ERR [SYS/TEMP]"), third.greeting);
                assertNull(third.line(), "and closed");
            }

            // A second login of alice within the delay, with the right password.
            assertTrue(second.command("USER alice").startsWith("+OK"));
            String reply = second.command("PASS " + SECRET);
            assertTrue(reply.startsWith("-ERR [LOGIN-DELAY]"), reply);
            second.close();

            // The first session still works; a place is free again once the second one is gone.
            assertEquals("+OK 2 ", first.command("STAT").substring(0, 6));
            String greeting = null;
            for (int i = 0; i < 100; i++) {
                try (Pop3Session again = new Pop3Session(p.port())) {
                    greeting = again.greeting;
                }
                if (greeting.startsWith("+OK")) break;
                Thread.sleep(100);
            }
            assertTrue(greeting.startsWith("+OK"), greeting);
            assertTrue(first.command("QUIT").startsWith("+OK"));
            first.close();
            assertEquals(0, p.terminate(), p.stderr());
            assertFalse(p.stderr().contains(SECRET), p.stderr());
        }
    }

    @Test
    void aShortIdleTimeoutStartsWithAWarningAndClosesIdleSessions() throws Exception {
        setUp();
        try (ServerProcess p = ServerProcess.start("serve", "--listen", "127.0.0.1:0", "--maildir-root", root.toString(),
                "--users", users.toString(), "--idle-timeout", "1", "--shutdown-grace", "0")) {
            assertTrue(p.stderr().lines().anyMatch(l -> l.contains("WARN") && l.contains("idle timeout 1s is below the 600 s")),
                    p.stderr());
            try (Pop3Session s = new Pop3Session(p.port())) {
                assertTrue(s.greeting.startsWith("+OK"));
                assertNull(s.line(), "the server closes the idle session (without a reply, RFC 1939 §3)");
            }
            assertEquals(0, p.terminate(), p.stderr());
        }
    }

    @Test
    void wrongTlsAndNetworkSettingsExitWithSysexitsCodesAndSayWhy_issue3() throws Exception {
        setUp();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Operator.selfSigned(a, "localhost");
        Operator.selfSigned(b, "localhost");
        List<String> base = List.of("serve", "--listen", "127.0.0.1:0", "--maildir-root", root.toString(), "--users", users.toString());

        ServerProcess.Finished noCert = run(base, "--tls-listen", "127.0.0.1:0");
        assertEquals(ExitCodes.USAGE, noCert.status(), noCert.err());
        assertTrue(noCert.err().contains("--tls-listen needs --cert and --key"), noCert.err());

        ServerProcess.Finished certOnly = run(base, "--cert", a.resolve("cert.pem").toString());
        assertEquals(ExitCodes.USAGE, certOnly.status(), certOnly.err());
        assertTrue(certOnly.err().contains("--cert and --key go together"), certOnly.err());

        Path otherKey = b.resolve("key.pem");
        ServerProcess.Finished mismatch = run(base, "--tls-listen", "127.0.0.1:0", "--cert", a.resolve("cert.pem").toString(),
                "--key", otherKey.toString());
        assertEquals(ExitCodes.CONFIG, mismatch.status(), mismatch.err());
        assertTrue(mismatch.err().contains(otherKey.toString()) && mismatch.err().contains("does not belong"), mismatch.err());

        Path missing = tmp.resolve("no-such-cert.pem");
        ServerProcess.Finished absent = run(base, "--cert", missing.toString(), "--key", otherKey.toString());
        assertEquals(ExitCodes.CONFIG, absent.status(), absent.err());
        assertTrue(absent.err().contains(missing.toString()), absent.err());

        ServerProcess.Finished badNetwork = run(base, "--trusted-networks", "10.0.0.0/33");
        assertEquals(ExitCodes.USAGE, badNetwork.status(), badNetwork.err());
        assertTrue(badNetwork.err().contains("10.0.0.0/33") && badNetwork.err().contains("prefix length"), badNetwork.err());

        for (ServerProcess.Finished r : List.of(noCert, certOnly, mismatch, absent, badNetwork)) {
            assertFalse(r.err().contains("listening on"), "nothing was served:\n" + r.err());
        }
    }

    private static ServerProcess.Finished run(List<String> base, String... extra) throws Exception {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(extra));
        return ServerProcess.run(args.toArray(String[]::new));
    }
}
