// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl (OpenSSL backend on Debian) over implicit TLS ({@code pop3s://}) and STLS ({@code --ssl-reqd
 * pop3://}), verifying the server certificate against the fixture and the host name it connects to
 * (protocol.md §6, RFC 8314, RFC 2595). The failure cases also check, from curl's {@code -v} trace,
 * that no credentials and no command after the failed TLS step were sent. The tests share servers;
 * none of them deletes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurlTlsInteropTest {
    /** curl's exit codes (libcurl-errors(3)). */
    private static final int PEER_FAILED_VERIFICATION = 60;
    private static final int USE_SSL_FAILED = 64;
    private static final int CACERT_BADFILE = 77;

    /** A client line in curl's -v trace that carries credentials or comes after login. */
    private static final Pattern SENT_AFTER_TLS = Pattern.compile("(?m)^> (USER|PASS|AUTH|APOP|RETR|LIST|STAT)\\b");

    @TempDir static Path dir;
    private Path curl;
    private TlsLoopbackServer tls;
    private TlsLoopbackServer otherName;
    private LoopbackServer noTls;

    @BeforeAll
    void start() {
        curl = ExternalProcess.requireTool("curl", "curl");
        tls = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        otherName = new TlsLoopbackServer(TlsFixtures.OTHER);
        noTls = new LoopbackServer();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {tls, otherName, noTls}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    @Test
    void implicitTlsRetrOfEveryMessageIsByteExact_rfc8314() throws Exception {
        ExternalProcess.Result r = fetchAll("pop3s://" + TlsFixtures.NAME + ":" + tls.tlsPort() + "/", "pop3s",
                List.of("--cacert", TlsFixtures.LOCALHOST.cert().toString()));
        assertTrue(r.stderr().contains("SSL certificate verify ok"), "curl verified the certificate\n" + r.describe());
        assertFalse(r.stderr().contains("> STLS"), "no STLS on the implicit-TLS port\n" + r.describe());
    }

    @Test
    void sslReqdUsesStlsAndRetrIsByteExact_rfc2595() throws Exception {
        ExternalProcess.Result r = fetchAll("pop3://" + TlsFixtures.NAME + ":" + tls.port() + "/", "stls",
                List.of("--ssl-reqd", "--cacert", TlsFixtures.LOCALHOST.cert().toString()));
        String trace = r.stderr();
        assertTrue(trace.contains("> STLS") && trace.contains("< +OK Begin TLS"), "STLS was used\n" + r.describe());
        assertTrue(trace.contains("SSL certificate verify ok"), "curl verified the certificate\n" + r.describe());
        // Every login (there may be one per URL) happens after the handshake.
        int handshake = trace.indexOf("SSL certificate verify ok");
        var login = SENT_AFTER_TLS.matcher(trace);
        assertTrue(login.find() && login.start() > handshake, "credentials only after TLS\n" + r.describe());
    }

    @Test
    void anUntrustedCertificateIsRefused_withoutCacert() throws Exception {
        // curl's default CA bundle does not hold the self-signed fixture. On a machine without the
        // bundle (ca-certificates is only recommended) curl cannot even load its trust store.
        ExternalProcess.Result r = curl(List.of("pop3s://" + TlsFixtures.NAME + ":" + tls.tlsPort() + "/1"));
        if (r.exitCode() != CACERT_BADFILE) {
            assertVerificationFailed(r);
            assertTrue(r.stderr().contains("self-signed certificate"), "the reason is the untrusted certificate\n" + r.describe());
        }
        assertFalse(SENT_AFTER_TLS.matcher(r.stderr()).find(), "no credentials were sent\n" + r.describe());
        assertEquals("", r.stdout(), "no message fetched\n" + r.describe());
    }

    @Test
    void anUntrustedCertificateIsRefused_anotherTrustAnchor() throws Exception {
        // The same, independent of the machine's CA bundle: curl trusts only the other certificate.
        ExternalProcess.Result r = curl(List.of("--cacert", TlsFixtures.OTHER.cert().toString(),
                "pop3s://" + TlsFixtures.NAME + ":" + tls.tlsPort() + "/1"));
        assertVerificationFailed(r);
        assertTrue(r.stderr().contains("self-signed certificate"), "the reason is the untrusted certificate\n" + r.describe());
    }

    @Test
    void aHostNameTheCertificateDoesNotCarryIsRefused_viaResolve() throws Exception {
        // The trusted localhost certificate, reached under a name it does not carry.
        String wrong = "wrong.example.test";
        ExternalProcess.Result r = curl(List.of("--cacert", TlsFixtures.LOCALHOST.cert().toString(),
                "--resolve", wrong + ":" + tls.tlsPort() + ":" + LoopbackServer.HOST,
                "pop3s://" + wrong + ":" + tls.tlsPort() + "/1"));
        assertHostNameMismatch(r, wrong);
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused_implicitTls() throws Exception {
        ExternalProcess.Result r = curl(List.of("--cacert", TlsFixtures.OTHER.cert().toString(),
                "pop3s://" + TlsFixtures.NAME + ":" + otherName.tlsPort() + "/1"));
        assertHostNameMismatch(r, TlsFixtures.NAME);
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused_stls() throws Exception {
        ExternalProcess.Result r = curl(List.of("--ssl-reqd", "--cacert", TlsFixtures.OTHER.cert().toString(),
                "pop3://" + TlsFixtures.NAME + ":" + otherName.port() + "/1"));
        assertHostNameMismatch(r, TlsFixtures.NAME);
        assertTrue(r.stderr().contains("> STLS"), "the failure is in the STLS handshake\n" + r.describe());
    }

    @Test
    void sslReqdAgainstAServerWithoutTlsFailsWithoutFallingBack_capaIsHonest() throws Exception {
        // curl decides from CAPA: a server without TLS must not list STLS (protocol.md §6), and curl
        // with --ssl-reqd then stops before sending any credentials.
        ExternalProcess.Result r = curl(List.of("--ssl-reqd", "--cacert", TlsFixtures.LOCALHOST.cert().toString(),
                "pop3://" + TlsFixtures.NAME + ":" + noTls.port() + "/1"));
        assertEquals(USE_SSL_FAILED, r.exitCode(), "curl: STLS not supported\n" + r.describe());
        assertTrue(r.stderr().contains("< +OK Capability list follows"), "curl asked CAPA\n" + r.describe());
        assertFalse(Pattern.compile("(?m)^< STLS\\s*$").matcher(r.stderr()).find(), "no STLS in CAPA\n" + r.describe());
        assertFalse(SENT_AFTER_TLS.matcher(r.stderr()).find(), "nothing sent in plaintext\n" + r.describe());
        assertEquals("", r.stdout(), "no message fetched\n" + r.describe());
    }

    /** One curl run: RETR of every message over one URL each, into files, then byte-exact comparison. */
    private ExternalProcess.Result fetchAll(String urlPrefix, String tag, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(options);
        for (Fixture f : Fixtures.all()) {
            args.add(urlPrefix + f.number());
            args.add("-o");
            args.add(dir.resolve(tag + "-" + f.number() + ".eml").toString());
        }
        ExternalProcess.Result r = curl(args).assertSuccess();
        for (Fixture f : Fixtures.all()) {
            assertSameBytes(f.wire(), Files.readAllBytes(dir.resolve(tag + "-" + f.number() + ".eml")),
                    "curl " + tag + " RETR " + f.number() + " (" + f.name() + ")");
        }
        return r;
    }

    private static void assertVerificationFailed(ExternalProcess.Result r) {
        assertEquals(PEER_FAILED_VERIFICATION, r.exitCode(), "curl: peer verification failed\n" + r.describe());
        assertFalse(SENT_AFTER_TLS.matcher(r.stderr()).find(), "no credentials were sent\n" + r.describe());
        assertEquals("", r.stdout(), "no message fetched\n" + r.describe());
    }

    private static void assertHostNameMismatch(ExternalProcess.Result r, String name) {
        assertVerificationFailed(r);
        assertTrue(r.stderr().contains("no alternative certificate subject name matches target host name '" + name + "'"),
                "the reason is the host name\n" + r.describe());
    }

    /** curl with the fixture user, -v (the trace goes to stderr), IPv4 only (the server is on 127.0.0.1). */
    private ExternalProcess.Result curl(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-q", "-4", "-v", "-s", "--show-error",
                "--connect-timeout", "10", "--max-time", "50",
                "--user", Fixtures.USER + ":" + Fixtures.PASSWORD));
        command.addAll(args);
        return ExternalProcess.run(dir, Map.of(), command);
    }
}
