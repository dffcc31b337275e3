// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.tls.TlsOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * openssl s_client as a TLS probe of the server's policy (protocol.md §6, TlsParameters): ALPN
 * {@code pop3} only, as the ALPACA paper recommends (reliability-security-anchors.md §1.2), RFC 7301
 * §3.2's alert for a client that offers only other protocols; TLS 1.2 and 1.3 only (RFC 8996), AEAD
 * suites with forward secrecy only (RFC 9325); optional strict SNI; STLS via {@code -starttls pop3}.
 * A refusal is told apart from a client that could not even offer what is tested by the alert the
 * server sent. Standard input is empty, so s_client ends right after the handshake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpensslTlsInteropTest {
    /** TLS alerts (RFC 8446 §6) as s_client reports a received one. */
    private static final String NO_APPLICATION_PROTOCOL = "alert number 120";
    private static final String PROTOCOL_VERSION = "alert number 70";
    private static final String HANDSHAKE_FAILURE = "alert number 40";
    private static final String UNRECOGNIZED_NAME = "alert number 112";

    @TempDir static Path dir;
    private Path openssl;
    private TlsLoopbackServer server;

    @BeforeAll
    void start() {
        openssl = ExternalProcess.requireTool("openssl", "openssl");
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void alpnWithoutPop3IsRefusedWithNoApplicationProtocol_alpaca_rfc7301() throws Exception {
        ExternalProcess.Result r = implicitTls("-alpn", "http/1.1");
        assertNotEquals(0, r.exitCode(), "handshake fails\n" + r.describe());
        assertTrue(r.stderr().contains("no application protocol") && r.stderr().contains(NO_APPLICATION_PROTOCOL),
                "alert no_application_protocol\n" + r.describe());
    }

    @Test
    void alpnPop3IsSelected() throws Exception {
        ExternalProcess.Result r = implicitTls("-alpn", "pop3");
        assertHandshakeVerified(r);
        assertTrue(r.stdout().contains("ALPN protocol: pop3"), "ALPN pop3\n" + r.describe());
    }

    @Test
    void pop3IsSelectedFromAListThatAlsoOffersOtherProtocols() throws Exception {
        ExternalProcess.Result r = implicitTls("-alpn", "h2,http/1.1,pop3");
        assertHandshakeVerified(r);
        assertTrue(r.stdout().contains("ALPN protocol: pop3"), "ALPN pop3\n" + r.describe());
    }

    @Test
    void aClientWithoutAlpnIsServed() throws Exception {
        // Mail clients rarely send ALPN; refusing them would break POP3S (ALPACA paper, §1.2).
        ExternalProcess.Result r = implicitTls();
        assertHandshakeVerified(r);
        assertTrue(r.stdout().contains("No ALPN negotiated"), "no ALPN\n" + r.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void tls12And13AreServed_rfc8996(String version) throws Exception {
        ExternalProcess.Result r = implicitTls(version);
        assertHandshakeVerified(r);
        String name = version.equals("-tls1_2") ? "TLSv1.2" : "TLSv1.3";
        assertTrue(r.stdout().contains("New, " + name + ", Cipher is"), name + " negotiated\n" + r.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1", "-tls1_1"})
    void tls10And11AreRefusedWithProtocolVersion_rfc8996(String version) throws Exception {
        ExternalProcess.Result r = implicitTls(version);
        if (!r.stderr().contains(PROTOCOL_VERSION)) {
            // OpenSSL 3 allows TLS < 1.2 only at security level 0 (SHA-1 in the handshake).
            r = implicitTls(version, "-cipher", "DEFAULT@SECLEVEL=0");
        }
        Assumptions.assumeTrue(r.stderr().contains("alert") || r.stdout().contains("Cipher is"),
                "this openssl build cannot offer " + version + " even at SECLEVEL=0; nothing reached the server\n" + r.describe());
        assertNotEquals(0, r.exitCode(), "handshake fails\n" + r.describe());
        assertTrue(r.stderr().contains(PROTOCOL_VERSION), "alert protocol_version from the server\n" + r.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384"})
    void tls12SuitesWithoutAeadAreRefused_rfc9325(String suite) throws Exception {
        // CBC suites with ECDHE and the certificate's key type: only the missing AEAD rules them out.
        ExternalProcess.Result r = implicitTls("-tls1_2", "-cipher", suite);
        if (!r.stderr().contains("alert")) r = implicitTls("-tls1_2", "-cipher", suite + "@SECLEVEL=0");
        Assumptions.assumeTrue(r.stderr().contains("alert") || r.stdout().contains("Cipher is " + suite),
                "this openssl build cannot offer " + suite + "; nothing reached the server\n" + r.describe());
        assertNotEquals(0, r.exitCode(), "handshake fails\n" + r.describe());
        assertTrue(r.stderr().contains(HANDSHAKE_FAILURE), "alert handshake_failure from the server\n" + r.describe());
    }

    @Test
    void starttlsPop3Succeeds_rfc2595() throws Exception {
        ExternalProcess.Result r = stls();
        assertHandshakeVerified(r);
        // s_client echoes the plaintext greeting it read before sending STLS to its diagnostics.
        assertTrue(r.stderr().contains("+OK"), "the greeting was read before STLS\n" + r.describe());
    }

    @Test
    void starttlsAppliesTheSameAlpnPolicy() throws Exception {
        ExternalProcess.Result r = stls("-alpn", "http/1.1");
        assertNotEquals(0, r.exitCode(), "handshake fails\n" + r.describe());
        assertTrue(r.stderr().contains(NO_APPLICATION_PROTOCOL), "alert no_application_protocol\n" + r.describe());
    }

    @Test
    void strictSniRefusesAnotherServerNameWithUnrecognizedName_alpaca_rfc6066() throws Exception {
        try (TlsLoopbackServer strict = new TlsLoopbackServer(TlsFixtures.LOCALHOST,
                b -> b.tls(TlsFixtures.LOCALHOST.load(TlsOptions.strict())))) {
            ExternalProcess.Result wrong = sClient(strict.tlsPort(), List.of("-servername", TlsFixtures.OTHER_NAME));
            assertNotEquals(0, wrong.exitCode(), "handshake fails\n" + wrong.describe());
            assertTrue(wrong.stderr().contains(UNRECOGNIZED_NAME), "alert unrecognized_name\n" + wrong.describe());
            // The certificate's own name, and no name at all (TlsOptions), are served.
            assertHandshakeVerified(sClient(strict.tlsPort(), List.of()));
            assertHandshakeVerified(sClient(strict.tlsPort(), List.of("-noservername")));
        }
    }

    private static void assertHandshakeVerified(ExternalProcess.Result r) {
        assertEquals(0, r.exitCode(), "handshake succeeds\n" + r.describe());
        assertTrue(r.stdout().contains("Verify return code: 0 (ok)") && r.stdout().contains("Verified peername: " + TlsFixtures.NAME),
                "certificate and host name verified\n" + r.describe());
    }

    private ExternalProcess.Result implicitTls(String... options) throws Exception {
        return sClient(server.tlsPort(), List.of(options));
    }

    private ExternalProcess.Result stls(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("-starttls", "pop3"));
        args.addAll(List.of(options));
        return sClient(server.port(), args);
    }

    /**
     * s_client to 127.0.0.1 with SNI {@link TlsFixtures#NAME} unless the options say otherwise,
     * verifying the chain against the fixture and the host name, a verification failure being fatal.
     */
    private ExternalProcess.Result sClient(int port, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(openssl.toString(), "s_client",
                "-connect", LoopbackServer.HOST + ":" + port,
                "-CAfile", TlsFixtures.LOCALHOST.cert().toString(), "-verify_hostname", TlsFixtures.NAME,
                "-verify_return_error"));
        if (!options.contains("-servername") && !options.contains("-noservername")) {
            command.addAll(List.of("-servername", TlsFixtures.NAME));
        }
        command.addAll(options);
        return ExternalProcess.run(dir, Map.of(), command);
    }
}
