// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.tls.TlsConfig;
import dev.poplar.server.tls.TlsOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code poplar cert self-signed}: protocol.md §6 "a self-signed one can be generated for demos". */
class CertCommandTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new CertCommand());
        cmd.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void writesCertificateWithSansAndA0600Key_protocol6() throws Exception {
        Path dir = tmp.resolve("tls");
        Run r = run("self-signed", "--host", "mail.example.test", "--host", "127.0.0.1", "--host", "::1", "--host", "*.pop.example.test",
                "--out-dir", dir.toString());
        assertEquals(0, r.status(), r.err());
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assertTrue(r.out().contains("SHA-256 fingerprint: "), r.out());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(cert));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8");
        try (var stream = Files.list(dir)) {
            assertEquals(2, stream.count(), "no temporary files left behind");
        }

        X509Certificate c = certificate(cert);
        Set<List<?>> sans = new HashSet<>(c.getSubjectAlternativeNames());
        assertEquals(Set.of(List.of(2, "mail.example.test"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"),
                List.of(2, "*.pop.example.test")), sans);
        assertEquals("CN=mail.example.test", c.getSubjectX500Principal().getName());
        assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), c.getExtendedKeyUsage(), "serverAuth only");
        assertEquals(-1, c.getBasicConstraints(), "not a CA");
        assertEquals("SHA256withECDSA", c.getSigAlgName());
        assertEquals("EC", c.getPublicKey().getAlgorithm());
        c.verify(c.getPublicKey());
        long days = Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toDays();
        assertEquals(365, days, "365 days by default (plus the hour it is back-dated)");
    }

    @Test
    void pairLoadsIntoTlsConfigAndCompletesAHandshake_protocol6() throws Exception {
        for (String type : List.of("ec", "rsa")) {
            Path cert = tmp.resolve(type + "-cert.pem");
            Path key = tmp.resolve(type + "-key.pem");
            Run r = run("self-signed", "--host", "localhost", "--host", "127.0.0.1", "--cert", cert.toString(), "--key", key.toString(),
                    "--days", "30", "--key-type", type);
            assertEquals(0, r.status(), r.err());
            assertEquals(type.toUpperCase(), certificate(cert).getPublicKey().getAlgorithm());
            assertEquals("+OK", handshake(TlsConfig.load(cert, key, TlsOptions.defaults()), cert));
        }
    }

    @Test
    void staticHelperForTheDemoReplacesFiles() throws Exception {
        Path cert = tmp.resolve("demo/cert.pem");
        Path key = tmp.resolve("demo/key.pem");
        CertCommand.selfSigned(List.of("localhost", "127.0.0.1"), cert, key, 7);
        X509Certificate first = certificate(cert);
        CertCommand.selfSigned(List.of("localhost", "127.0.0.1"), cert, key, 7);
        assertNotEquals(first, certificate(cert));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        assertEquals("+OK", handshake(TlsConfig.load(cert, key, TlsOptions.defaults()), cert));
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path dir = tmp.resolve("tls");
        assertEquals(0, run("self-signed", "--host", "localhost", "--out-dir", dir.toString()).status());
        String cert = Files.readString(dir.resolve("cert.pem"));
        String key = Files.readString(dir.resolve("key.pem"));

        Run again = run("self-signed", "--host", "localhost", "--out-dir", dir.toString());
        assertEquals(ExitCodes.CANNOT_CREATE, again.status());
        assertTrue(again.err().contains("exists; use --force"), again.err());
        assertEquals(cert, Files.readString(dir.resolve("cert.pem")));
        assertEquals(key, Files.readString(dir.resolve("key.pem")));

        Files.delete(dir.resolve("cert.pem")); // only the key is left: still refused, and no certificate written
        assertEquals(ExitCodes.CANNOT_CREATE, run("self-signed", "--host", "localhost", "--out-dir", dir.toString()).status());
        assertFalse(Files.exists(dir.resolve("cert.pem")));

        assertEquals(0, run("self-signed", "--host", "localhost", "--out-dir", dir.toString(), "--force").status());
        assertNotEquals(key, Files.readString(dir.resolve("key.pem")));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(dir.resolve("key.pem")));
    }

    @Test
    void helpExplainsTheCommandWithAnExample() {
        Run r = run("self-signed", "--help");
        assertEquals(0, r.status());
        for (String s : List.of("--host", "--out-dir", "--cert", "--key", "--days", "--key-type", "--force", "Example:")) {
            assertTrue(r.out().contains(s), s + " in\n" + r.out());
        }
        Run top = run("--help");
        assertEquals(0, top.status());
        assertTrue(top.out().contains("self-signed"), top.out());
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        String out = tmp.resolve("x").toString();
        assertEquals(ExitCodes.USAGE, run("self-signed", "--out-dir", out).status(), "--host is required");
        assertEquals(ExitCodes.USAGE, run("self-signed", "--host", "a.example", "--out-dir", out, "--key-type", "dsa").status());
        assertEquals(ExitCodes.USAGE, run("self-signed", "--host", "a.example", "--out-dir", out, "--days", "0").status());
        assertEquals(ExitCodes.USAGE, run("self-signed", "--host", "a.example", "--out-dir", out, "--days", "3651").status());
        assertEquals(ExitCodes.USAGE, run("self-signed", "--host", "a.example", "--out-dir", out, "--cert", out + "/c").status());
        assertEquals(ExitCodes.USAGE, run("self-signed", "--host", "a.example", "--cert", out + "/c").status());
        assertEquals(ExitCodes.USAGE, run("self-signed", "--host", "a.example", "--cert", out + "/c", "--key", out + "/c").status());
        for (String bad : List.of("exa mple.test", "a..b", "*.com", "-bad-.example", "a/b", "")) {
            Run r = run("self-signed", "--host", bad, "--out-dir", out);
            assertEquals(ExitCodes.USAGE, r.status(), bad);
        }
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written on a usage error");
    }

    /** Serves one TLS connection with the config; a JSSE client that trusts only {@code cert} and checks the name connects. */
    private static String handshake(TlsConfig config, Path cert) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket plain = listener.accept(); SSLSocket tls = config.wrap(plain)) {
                    TlsConfig.handshake(tls, Duration.ofSeconds(20));
                    tls.getOutputStream().write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    tls.getInputStream().read();
                } catch (Exception e) {
                    // the client's assertion reports it
                }
            });
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("self-signed", certificate(cert));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.setSoTimeout(20_000);
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 check against the IP address SAN
                s.setSSLParameters(p);
                s.startHandshake();
                byte[] line = s.getInputStream().readNBytes(3);
                return new String(line, StandardCharsets.US_ASCII);
            } finally {
                server.join(Duration.ofSeconds(30));
            }
        }
    }
}
