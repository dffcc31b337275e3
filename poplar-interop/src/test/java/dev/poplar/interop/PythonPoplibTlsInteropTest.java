// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's standard poplib over TLS (src/test/resources/tls/poplib_tls.py): POP3_SSL (RFC 8314) and
 * POP3.stls (RFC 2595), with {@code ssl.create_default_context}, which checks the chain and the host
 * name. poplib has no SASL, so it logs in with USER/PASS inside TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonPoplibTlsInteropTest {
    /** The script's exit status when the session failed and error.txt says why. */
    private static final int SESSION_FAILED = 3;
    /** OpenSSL's X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT and X509_V_ERR_HOSTNAME_MISMATCH. */
    private static final int SELF_SIGNED = 18;
    private static final int HOSTNAME_MISMATCH = 62;

    @TempDir static Path dir;
    private Path python;
    private TlsLoopbackServer tls;
    private TlsLoopbackServer otherName;

    @BeforeAll
    void start() {
        python = ExternalProcess.requireTool("python3", "python3");
        tls = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        otherName = new TlsLoopbackServer(TlsFixtures.OTHER);
    }

    @AfterAll
    void stop() {
        if (tls != null) tls.close();
        if (otherName != null) otherName.close();
    }

    @Test
    void pop3SslReadsEveryMessageByteExact_rfc8314() throws Exception {
        poplib("implicit", tls.tlsPort(), TlsFixtures.LOCALHOST.cert(), "implicit").assertSuccess();
        Path out = dir.resolve("implicit");
        assertMessages(out, "POP3_SSL");
        assertTrue(Files.readString(out.resolve("tls.txt")).matches("TLSv1\\.[23] \\S+\\n"), "TLS 1.2 or 1.3");
        assertFalse(capa(out, "capa-after.txt").contains("STLS"), "no STLS inside TLS (RFC 2595 §4)");
    }

    @Test
    void stlsThenLoginReadsEveryMessageByteExact_capaOffersStlsOnlyBefore_rfc2595() throws Exception {
        poplib("stls", tls.port(), TlsFixtures.LOCALHOST.cert(), "stls").assertSuccess();
        Path out = dir.resolve("stls");
        assertTrue(capa(out, "capa-before.txt").contains("STLS"), "STLS offered in plaintext: " + capa(out, "capa-before.txt"));
        List<String> after = capa(out, "capa-after.txt");
        assertFalse(after.contains("STLS"), "STLS not offered again inside TLS (RFC 2595 §4): " + after);
        assertTrue(after.contains("USER"), "USER offered inside TLS: " + after);
        assertMessages(out, "poplib after STLS");
    }

    @Test
    void aCertificateForAnotherNameFails_pop3Ssl() throws Exception {
        assertCertificateError(poplib("implicit", otherName.tlsPort(), TlsFixtures.OTHER.cert(), "other-implicit"),
                "other-implicit", HOSTNAME_MISMATCH);
    }

    @Test
    void aCertificateForAnotherNameFails_stls() throws Exception {
        assertCertificateError(poplib("stls", otherName.port(), TlsFixtures.OTHER.cert(), "other-stls"),
                "other-stls", HOSTNAME_MISMATCH);
    }

    @Test
    void anUntrustedCertificateFails_systemTrustStore() throws Exception {
        assertCertificateError(poplib("implicit", tls.tlsPort(), null, "untrusted"), "untrusted", SELF_SIGNED);
    }

    private void assertCertificateError(ExternalProcess.Result r, String name, int verifyCode) throws Exception {
        assertEquals(SESSION_FAILED, r.exitCode(), "the session failed\n" + r.describe());
        String error = Files.readString(dir.resolve(name).resolve("error.txt"));
        assertTrue(error.startsWith("SSLCertVerificationError " + verifyCode + " "), "verify error " + verifyCode + ": " + error);
        assertFalse(Files.exists(dir.resolve(name).resolve("msg-1.eml")), "nothing was read");
    }

    private static void assertMessages(Path out, String what) throws Exception {
        for (Fixture f : Fixtures.all()) {
            assertSameBytes(f.wire(), Files.readAllBytes(out.resolve("msg-" + f.number() + ".eml")),
                    what + " RETR " + f.number() + " (" + f.name() + ")");
        }
    }

    private static List<String> capa(Path out, String file) throws Exception {
        return Files.readAllLines(out.resolve(file));
    }

    /** One script run connecting to {@link TlsFixtures#NAME}; {@code cafile} null is the system trust store. */
    private ExternalProcess.Result poplib(String mode, int port, Path cafile, String name) throws Exception {
        Path out = Files.createDirectory(dir.resolve(name));
        return ExternalProcess.run(dir, Map.of("POP3_PASSWORD", Fixtures.PASSWORD), List.of(python.toString(),
                TlsFixtures.resource("poplib_tls.py").toString(), mode, TlsFixtures.NAME, Integer.toString(port),
                cafile == null ? "-" : cafile.toString(), Fixtures.USER, out.toString()));
    }
}
