// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as an operator sets it up (protocol.md §6): certificates from {@code poplar cert}, {@code poplar
 * serve --tls-listen --cert --key}, certificate rotation with SIGHUP, and {@code poplar demo}; each in its
 * own JVM, read by a JSSE client that trusts only the generated certificate.
 */
@Timeout(300)
class TlsEndToEndTest {
    private static final String PASSWORD = "secret pw";

    @TempDir
    Path tmp;

    private Path users;
    private Path root;

    private void setUp(int messages) throws Exception {
        users = tmp.resolve("users");
        root = Files.createDirectories(tmp.resolve("mail"));
        Operator.addUser(users, "alice", PASSWORD);
        Operator.deliver(root, "alice", messages);
    }

    private ServerProcess serve(Path cert, Path key, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0", "--tls-listen", "127.0.0.1:0",
                "--cert", cert.toString(), "--key", key.toString(), "--maildir-root", root.toString(), "--users", users.toString(),
                "--shutdown-grace", "0"));
        args.addAll(List.of(extra));
        return ServerProcess.start(args.toArray(String[]::new));
    }

    private static List<String> capa(Pop3Session s) throws Exception {
        assertTrue(s.command("CAPA").startsWith("+OK"));
        return s.lines();
    }

    private static void readsMessageOne(Pop3Session s) throws Exception {
        s.login("alice", PASSWORD);
        assertEquals("+OK 3 ", s.command("STAT").substring(0, 6));
        String m = new String(s.retr(1), StandardCharsets.UTF_8);
        assertTrue(m.startsWith("Subject: message 1\r\n\r\nbody 1\r\n"), m);
        assertTrue(s.command("QUIT").startsWith("+OK"));
    }

    @Test
    void certFromTheCommandLineServesImplicitTlsAndStls_protocol6() throws Exception {
        setUp(3);
        Path tls = tmp.resolve("tls");
        String fingerprint = Operator.selfSigned(tls, "localhost");
        Path cert = tls.resolve("cert.pem");
        TlsClient client = TlsClient.trusting("localhost", cert);
        try (ServerProcess p = serve(cert, tls.resolve("key.pem"))) {
            try (Pop3Session s = new Pop3Session(p.tlsPort(), client)) {
                assertTrue(s.greeting.startsWith("+OK"), s.greeting);
                assertEquals(fingerprint, TlsClient.fingerprint(TlsClient.peer(s.tlsSession())), "the certificate poplar cert printed");
                assertTrue(Set.of("TLSv1.3", "TLSv1.2").contains(s.tlsSession().getProtocol()), s.tlsSession().getProtocol());
                assertFalse(capa(s).contains("STLS"), "no STLS inside implicit TLS");
                readsMessageOne(s);
            }
            try (Pop3Session s = new Pop3Session(p.port())) {
                assertTrue(capa(s).contains("STLS"), "the plain port offers STLS");
                s.startTls(client);
                assertEquals(fingerprint, TlsClient.fingerprint(TlsClient.peer(s.tlsSession())));
                List<String> after = capa(s);
                assertFalse(after.contains("STLS"), "STLS only once: " + after);
                assertTrue(after.contains("USER"), after.toString());
                readsMessageOne(s);
            }
            // The client really checks the name: the same certificate does not pass for another host.
            TlsClient otherName = TlsClient.trusting("mail.example.test", cert);
            assertThrows(SSLHandshakeException.class, () -> new Pop3Session(p.tlsPort(), otherName).close());
            assertEquals(0, p.terminate(), p.stderr());
        }
    }

    /** SIGHUP must reach the server: not so under nohup, which the child JVM would inherit. */
    private static void hupIsDeliverable() {
        if (ServerProcess.signalIgnoredHere(1)) {
            String message = "SIGHUP is ignored in this environment (nohup?), so poplar would never see it";
            if (System.getenv("CI") != null) fail(message);
            Assumptions.abort(message);
        }
    }

    @Test
    void opensslVerifiesTheCertificateOverStlsAndAgreesOnItsFingerprint_protocol6() throws Exception {
        Path openssl = Operator.requireTool("openssl", "openssl");
        setUp(1);
        Path tls = tmp.resolve("tls");
        String fingerprint = Operator.selfSigned(tls, "localhost");
        Path cert = tls.resolve("cert.pem");
        String x509 = Operator.exec(tmp, List.of(openssl.toString(), "x509", "-in", cert.toString(), "-noout", "-fingerprint", "-sha256"));
        assertTrue(x509.strip().endsWith("=" + fingerprint), "poplar cert prints what openssl computes: " + x509);
        try (ServerProcess p = serve(cert, tls.resolve("key.pem"))) {
            // Another TLS stack: STLS, chain and host name verified, failing on any verification error.
            Operator.Result r = Operator.execute(tmp, null, List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + p.port(),
                    "-starttls", "pop3", "-servername", "localhost", "-CAfile", cert.toString(), "-verify_hostname", "localhost",
                    "-verify_return_error", "-brief"));
            assertEquals(0, r.exit(), r.describe());
            String all = r.out() + r.err();
            assertTrue(all.contains("Verification: OK") && all.contains("Verified peername: localhost"), r.describe());
            assertTrue(all.contains("Protocol version: TLSv1.3"), r.describe());
            assertEquals(0, p.terminate(), p.stderr());
        }
    }

    @Test
    void quitOverTlsEndsTheTlsSessionWithCloseNotify_rfc8446() throws Exception {
        Path openssl = Operator.requireTool("openssl", "openssl");
        setUp(1);
        Path tls = tmp.resolve("tls");
        Operator.selfSigned(tls, "localhost");
        Path cert = tls.resolve("cert.pem");
        Path quit = tmp.resolve("quit.txt");
        Files.writeString(quit, "QUIT\r\n");
        try (ServerProcess p = serve(cert, tls.resolve("key.pem"))) {
            // -quiet implies -ign_eof: s_client sends QUIT and reads until the server ends the session.
            Operator.Result r = Operator.execute(tmp, quit, List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + p.tlsPort(),
                    "-servername", "localhost", "-alpn", "pop3", "-CAfile", cert.toString(), "-verify_return_error", "-quiet"));
            assertTrue(r.out().contains("+OK Poplar POP3 server signing off"), r.describe());
            assertFalse(r.err().contains("unexpected eof"), r.describe());
            assertEquals(0, r.exit(), r.describe());
            assertEquals(0, p.terminate(), p.stderr());
        }
    }

    @Test
    void sighupSwapsTheCertificateForNewConnectionsAndKeepsSessionsAndABrokenFileChangesNothing_protocol6() throws Exception {
        hupIsDeliverable();
        setUp(3);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path live = Files.createDirectories(tmp.resolve("live"));
        String fingerprintA = Operator.selfSigned(a, "localhost");
        String fingerprintB = Operator.selfSigned(b, "mail.example.test");
        Path cert = live.resolve("cert.pem");
        Path key = live.resolve("key.pem");
        Files.copy(a.resolve("cert.pem"), cert, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(a.resolve("key.pem"), key, StandardCopyOption.COPY_ATTRIBUTES);
        // Trusts both, checks the chain but no name: the test looks at which certificate is presented.
        Path bCert = tmp.resolve("b-cert.pem");
        Files.copy(b.resolve("cert.pem"), bCert);
        try (ServerProcess p = serve(cert, key)) {
            Pop3Session old = new Pop3Session(p.tlsPort(), TlsClient.trusting(null, a.resolve("cert.pem"), bCert));
            assertEquals(fingerprintA, TlsClient.fingerprint(TlsClient.peer(old.tlsSession())));
            old.login("alice", PASSWORD);

            // Rotation as certbot's deploy hook does it: new files in place, then SIGHUP.
            Files.move(b.resolve("cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(b.resolve("key.pem"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            p.signal("HUP");
            p.awaitStderr("TLS certificate reloaded", 1, Duration.ofSeconds(60));
            assertTrue(p.stderr().contains("TLS certificate reloaded: CN=mail.example.test"), p.stderr());

            try (Pop3Session s = new Pop3Session(p.tlsPort(), TlsClient.trusting(null, a.resolve("cert.pem"), bCert))) {
                assertEquals(fingerprintB, TlsClient.fingerprint(TlsClient.peer(s.tlsSession())), "implicit TLS after SIGHUP");
                assertTrue(s.command("QUIT").startsWith("+OK"));
            }
            try (Pop3Session s = new Pop3Session(p.port())) {
                s.startTls(TlsClient.trusting("mail.example.test", bCert));
                assertEquals(fingerprintB, TlsClient.fingerprint(TlsClient.peer(s.tlsSession())), "STLS after SIGHUP");
                assertTrue(s.command("QUIT").startsWith("+OK"));
            }
            // The session that started before the reload goes on.
            assertEquals("+OK 3 ", old.command("STAT").substring(0, 6));
            assertTrue(old.command("QUIT").startsWith("+OK"));
            old.close();

            // A broken certificate file: SIGHUP warns and keeps serving certificate B.
            Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nthis is not base64!\n-----END CERTIFICATE-----\n");
            p.signal("HUP");
            p.awaitStderr("TLS reload failed, keeping the previous certificate", 1, Duration.ofSeconds(60));
            assertTrue(p.stderr().lines().anyMatch(l -> l.contains("WARN") && l.contains("TLS reload failed") && l.contains(cert.toString())),
                    "the warning names the file:\n" + p.stderr());
            try (Pop3Session s = new Pop3Session(p.tlsPort(), TlsClient.trusting("mail.example.test", bCert))) {
                assertEquals(fingerprintB, TlsClient.fingerprint(TlsClient.peer(s.tlsSession())));
                readsMessageOne(s);
            }
            assertTrue(p.isAlive());
            assertEquals(0, p.terminate(), p.stderr());
            assertEquals(1, ServerProcess.occurrences(p.stderr(), "TLS certificate reloaded"), p.stderr());
        }
    }

    @Test
    void sighupWithoutTlsKeepsTheServerRunning() throws Exception {
        hupIsDeliverable();
        setUp(3);
        try (ServerProcess p = ServerProcess.start("serve", "--listen", "127.0.0.1:0", "--maildir-root", root.toString(),
                "--users", users.toString(), "--shutdown-grace", "0");
             Pop3Session s = new Pop3Session(p.port())) {
            s.login("alice", PASSWORD);
            // logrotate's postrotate or systemd's ExecReload send SIGHUP whatever the configuration.
            p.signal("HUP");
            assertTrue(String.valueOf(s.command("DELE 1")).startsWith("+OK"), "the session survives SIGHUP:\n" + p.stderr());
            assertTrue(String.valueOf(s.command("QUIT")).startsWith("+OK"));
            assertEquals(0, p.terminate(), "SIGTERM after SIGHUP is still a clean shutdown:\n" + p.stderr());
            assertTrue(p.stderr().contains("stopped"), p.stderr());
        }
    }

    @Test
    void demoServesPop3sWithACertificateForLocalhostAndKeepsIt_protocol6() throws Exception {
        Path dir = tmp.resolve("demo");
        Path cert = dir.resolve("tls/cert.pem");
        String[] args = {"demo", "--dir", dir.toString(), "--listen", "127.0.0.1:0", "--tls-listen", "127.0.0.1:0"};
        String fingerprint;
        byte[] certBytes;
        String password;
        try (ServerProcess p = ServerProcess.start(args)) {
            String out = p.stdout();
            Matcher m = Pattern.compile("password:\\s+(\\S+)").matcher(out);
            assertTrue(m.find(), out);
            password = m.group(1);
            for (String hint : List.of("POP3S:", "pop3s://localhost:", "--cacert " + cert, "--ssl-reqd", "(STLS)", "openssl s_client")) {
                assertTrue(out.contains(hint), hint + " in\n" + out);
            }
            TlsClient client = TlsClient.trusting("localhost", cert);
            try (Pop3Session s = new Pop3Session(p.tlsPort(), client)) {
                s.login("demo", password);
                assertEquals("+OK 5 ", s.command("STAT").substring(0, 6));
                for (int i = 1; i <= 5; i++) assertTrue(s.retr(i).length > 0, "message " + i);
                assertTrue(s.command("QUIT").startsWith("+OK"));
                fingerprint = TlsClient.fingerprint(TlsClient.peer(s.tlsSession()));
            }
            assertEquals(TlsClient.fingerprint(TlsClient.certificate(cert)), fingerprint);
            try (Pop3Session s = new Pop3Session(p.port())) {
                s.startTls(client);
                s.login("demo", password);
                assertEquals("+OK 5 ", s.command("STAT").substring(0, 6));
                assertTrue(s.command("QUIT").startsWith("+OK"));
            }
            certBytes = Files.readAllBytes(cert);
            assertEquals(0, p.terminate(), p.stderr());
        }
        try (ServerProcess p = ServerProcess.start(args);
             Pop3Session s = new Pop3Session(p.tlsPort(), TlsClient.trusting("localhost", cert))) {
            X509Certificate presented = TlsClient.peer(s.tlsSession());
            assertEquals(fingerprint, TlsClient.fingerprint(presented), "the second run serves the same certificate");
            assertArrayEquals(certBytes, Files.readAllBytes(cert));
            s.login("demo", password);
            assertEquals("+OK 5 ", s.command("STAT").substring(0, 6));
        }
    }
}
