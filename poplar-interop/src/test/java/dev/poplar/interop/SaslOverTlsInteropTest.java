// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.sasl.SaslMechanisms;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SASL (RFC 5034 AUTH) from independent clients inside TLS, each forced to one mechanism, then a
 * byte-exact (mpop: LF-normalised) read of the maildrop to show that the session is the user's:
 * curl ({@code --login-options AUTH=...}, {@code --oauth2-bearer}), Angus Mail
 * ({@code mail.pop3.auth.mechanisms}) and mpop ({@code --auth}, GNU SASL, which brings SCRAM-SHA-256
 * that Debian's curl lacks). Tokens are checked by {@link TlsFixtures#TOKENS}. Python's poplib has no
 * SASL and is not used here. Which mechanism ran is read from each client's protocol trace.
 */
class SaslOverTlsInteropTest {
    @TempDir Path dir;
    private TlsLoopbackServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    // ---- curl --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "curl AUTH {0} over {1} TLS")
    @CsvSource({"PLAIN, implicit", "PLAIN, stls", "LOGIN, stls", "CRAM-MD5, implicit"})
    void curlPasswordMechanisms(String mechanism, String tls) throws Exception {
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        ExternalProcess.Result r = curlFetchAll(tls, List.of("--user", Fixtures.USER + ":" + Fixtures.PASSWORD,
                "--login-options", "AUTH=" + mechanism)).assertSuccess();
        assertAuthenticatedWith(r.stderr(), "> AUTH " + mechanism, r.describe());
        assertCurlFiles();
    }

    @Test
    void curlScramSha256_rfc7677() throws Exception {
        Path curl = ExternalProcess.requireTool("curl", "curl");
        String version = ExternalProcess.run(dir, Map.of(), List.of(curl.toString(), "-V")).assertSuccess().stdout();
        // curl implements SCRAM only through GNU SASL; Debian builds it without (mpop covers SCRAM below).
        Assumptions.assumeTrue(Pattern.compile("(?m)^Features:.*\\bgsasl\\b", Pattern.CASE_INSENSITIVE).matcher(version).find(),
                "this curl is built without GSASL, so it has no SCRAM-SHA-256:\n" + version);
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        ExternalProcess.Result r = curlFetchAll("stls", List.of("--user", Fixtures.USER + ":" + Fixtures.PASSWORD,
                "--login-options", "AUTH=SCRAM-SHA-256")).assertSuccess();
        assertAuthenticatedWith(r.stderr(), "> AUTH SCRAM-SHA-256", r.describe());
        assertCurlFiles();
    }

    @Test
    void curlOauthBearer_rfc7628() throws Exception {
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        ExternalProcess.Result r = curlFetchAll("implicit", List.of("--user", Fixtures.USER,
                "--oauth2-bearer", TlsFixtures.TOKEN, "--login-options", "AUTH=OAUTHBEARER")).assertSuccess();
        assertAuthenticatedWith(r.stderr(), "> AUTH OAUTHBEARER", r.describe());
        assertCurlFiles();
    }

    @Test
    void curlXoauth2() throws Exception {
        // curl 7.88 prefers OAUTHBEARER whenever it is offered, whatever AUTH= says: offer XOAUTH2 only.
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST, b -> b.saslMechanisms(List.of(SaslMechanisms.XOAUTH2)));
        ExternalProcess.Result r = curlFetchAll("stls", List.of("--user", Fixtures.USER,
                "--oauth2-bearer", TlsFixtures.TOKEN, "--login-options", "AUTH=XOAUTH2")).assertSuccess();
        assertAuthenticatedWith(r.stderr(), "> AUTH XOAUTH2", r.describe());
        assertCurlFiles();
    }

    @Test
    void curlWithAWrongBearerTokenIsDenied() throws Exception {
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        ExternalProcess.Result r = curl(List.of("--user", Fixtures.USER, "--oauth2-bearer", "not-the-token",
                "--login-options", "AUTH=OAUTHBEARER",
                "pop3s://" + TlsFixtures.NAME + ":" + server.tlsPort() + "/1"));
        assertEquals(67, r.exitCode(), "CURLE_LOGIN_DENIED\n" + r.describe());
        assertTrue(r.stderr().contains("< -ERR [AUTH]"), "-ERR [AUTH] (RFC 3206)\n" + r.describe());
        assertEquals("", r.stdout(), "nothing fetched\n" + r.describe());
    }

    private ExternalProcess.Result curlFetchAll(String tls, List<String> auth) throws Exception {
        List<String> args = new ArrayList<>(auth);
        String prefix = tls.equals("implicit") ? "pop3s://" + TlsFixtures.NAME + ":" + server.tlsPort() + "/"
                : "pop3://" + TlsFixtures.NAME + ":" + server.port() + "/";
        if (tls.equals("stls")) args.add("--ssl-reqd");
        for (Fixture f : Fixtures.all()) {
            args.add(prefix + f.number());
            args.add("-o");
            args.add(dir.resolve("curl-" + f.number() + ".eml").toString());
        }
        return curl(args);
    }

    private void assertCurlFiles() throws Exception {
        for (Fixture f : Fixtures.all()) {
            assertSameBytes(f.wire(), Files.readAllBytes(dir.resolve("curl-" + f.number() + ".eml")),
                    "curl RETR " + f.number() + " (" + f.name() + ")");
        }
    }

    private ExternalProcess.Result curl(List<String> args) throws Exception {
        Path curl = ExternalProcess.requireTool("curl", "curl");
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-q", "-4", "-v", "-s", "--show-error",
                "--connect-timeout", "10", "--max-time", "50", "--cacert", TlsFixtures.LOCALHOST.cert().toString()));
        command.addAll(args);
        return ExternalProcess.run(dir, Map.of(), command);
    }

    /** curl's -v trace has the AUTH line after the verified handshake, a {@code +OK} login, and no USER. */
    private static void assertAuthenticatedWith(String trace, String authLine, String context) {
        int at = trace.indexOf(authLine);
        assertTrue(at >= 0, authLine + " was sent\n" + context);
        int verified = trace.indexOf("SSL certificate verify ok");
        assertTrue(verified >= 0 && verified < at, "AUTH only inside TLS\n" + context);
        assertTrue(trace.contains("< +OK Logged in"), "logged in\n" + context);
        assertFalse(Pattern.compile("(?m)^> USER ").matcher(trace).find(), "no USER/PASS\n" + context);
    }

    // ---- Angus Mail --------------------------------------------------------------------------------

    @Test
    void angusPlainOverStls_rfc4616() throws Exception {
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        Properties props = angusProps();
        props.setProperty("mail.pop3.auth.mechanisms", "PLAIN");
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Store store = angusConnect(props, Fixtures.PASSWORD, trace);
        try {
            angusReadAll(store);
        } finally {
            store.close();
        }
        String t = trace.toString(StandardCharsets.ISO_8859_1);
        assertTrue(t.contains("DEBUG POP3: Using mechanism PLAIN") && t.contains("DEBUG POP3: AUTH PLAIN succeeded"),
                "Angus used AUTH PLAIN\n" + t);
        int stls = t.indexOf("+OK Begin TLS");
        assertTrue(stls >= 0 && stls < t.indexOf("Using mechanism PLAIN"), "after STLS\n" + t);
    }

    @ParameterizedTest(name = "two-line format: {0}")
    @ValueSource(booleans = {false, true})
    void angusXoauth2OverStls(boolean twoLineFormat) throws Exception {
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        Properties props = angusProps();
        props.setProperty("mail.pop3.auth.mechanisms", "XOAUTH2");
        // Angus leaves XOAUTH2 off unless asked; the "password" is then the bearer token.
        props.setProperty("mail.pop3.auth.xoauth2.disable", "false");
        // false: "AUTH XOAUTH2 <initial response>"; true: "AUTH XOAUTH2", "+", then the response.
        props.setProperty("mail.pop3.auth.xoauth2.two.line.authentication.format", Boolean.toString(twoLineFormat));
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Store store = angusConnect(props, TlsFixtures.TOKEN, trace);
        try {
            angusReadAll(store);
        } finally {
            store.close();
        }
        String t = trace.toString(StandardCharsets.ISO_8859_1);
        assertTrue(t.contains("DEBUG POP3: AUTH XOAUTH2 using " + (twoLineFormat ? "two" : "one") + " line authentication format")
                && t.contains("DEBUG POP3: AUTH XOAUTH2 succeeded"), "Angus used AUTH XOAUTH2\n" + t);
    }

    @Test
    void angusXoauth2WithAWrongTokenFails() throws Exception {
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        Properties props = angusProps();
        props.setProperty("mail.pop3.auth.mechanisms", "XOAUTH2");
        props.setProperty("mail.pop3.auth.xoauth2.disable", "false");
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        MessagingException e = assertThrows(MessagingException.class, () -> {
            Store store = angusConnect(props, "not-the-token", trace);
            try {
                store.getFolder("INBOX").open(Folder.READ_ONLY);
            } finally {
                closeQuietly(store);
            }
        }, () -> trace.toString(StandardCharsets.ISO_8859_1));
        String t = trace.toString(StandardCharsets.ISO_8859_1);
        // Angus 2.0.4 treats the XOAUTH2 error challenge ("+ " base64 JSON) as success: it logs
        // "AUTH XOAUTH2 failed" and then "succeeded", returns from connect, and sends STAT where the
        // empty response belongs. The server must take that line as the end of the failed exchange.
        assertTrue(t.contains("OAUTH2 authentication failed: {\"status\":\"401\""), "the error challenge\n" + t);
        assertTrue(causes(e).contains("[AUTH]"), "-ERR [AUTH]\n" + causes(e) + t);
        assertFalse(t.contains("+OK Logged in"), "never logged in\n" + t);
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) sb.append(c).append('\n');
        return sb.toString();
    }

    private static void closeQuietly(Store store) {
        try {
            store.close();
        } catch (MessagingException e) {
            // the test is about what came before
        }
    }

    private static Properties angusProps() {
        Properties props = new Properties();
        props.setProperty("mail.pop3.connectiontimeout", "10000");
        props.setProperty("mail.pop3.timeout", "30000");
        props.setProperty("mail.pop3.starttls.enable", "true");
        props.setProperty("mail.pop3.starttls.required", "true");
        props.put("mail.pop3.ssl.socketFactory", TlsFixtures.trusting(TlsFixtures.LOCALHOST.cert()));
        props.setProperty("mail.pop3.ssl.checkserveridentity", "true");
        return props;
    }

    private Store angusConnect(Properties props, String secret, ByteArrayOutputStream trace) throws MessagingException {
        Session session = Session.getInstance(props);
        session.setDebug(true);
        session.setDebugOut(new PrintStream(trace, true, StandardCharsets.ISO_8859_1));
        Store store = session.getStore("pop3");
        store.connect(TlsFixtures.NAME, server.port(), Fixtures.USER, secret);
        return store;
    }

    private static void angusReadAll(Store store) throws Exception {
        POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertEquals(Fixtures.all().size(), inbox.getMessageCount(), "message count (STAT)");
        for (Fixture f : Fixtures.all()) {
            try (InputStream in = ((POP3Message) inbox.getMessage(f.number())).getMimeStream()) {
                assertSameBytes(f.wire(), in.readAllBytes(), "Angus getMimeStream " + f.number() + " (" + f.name() + ")");
            }
        }
        inbox.close(false);
    }

    // ---- mpop (GNU SASL, GnuTLS) -------------------------------------------------------------------

    @ParameterizedTest(name = "mpop --auth={0} over {1} TLS")
    @CsvSource({"scram-sha-256, stls", "scram-sha-256, implicit", "plain, stls", "login, implicit",
            "cram-md5, stls", "oauthbearer, implicit", "xoauth2, stls"})
    void mpop(String mechanism, String tls) throws Exception {
        Path mpop = ExternalProcess.requireTool("mpop", "mpop");
        server = new TlsLoopbackServer(TlsFixtures.LOCALHOST);
        boolean token = mechanism.contains("oauth");
        Path out = Files.createDirectory(dir.resolve("out"));
        List<String> command = List.of(mpop.toString(), "--debug",
                "--host=" + TlsFixtures.NAME, "--port=" + (tls.equals("implicit") ? server.tlsPort() : server.port()),
                "--tls=on", "--tls-starttls=" + (tls.equals("stls") ? "on" : "off"),
                "--tls-trust-file=" + TlsFixtures.LOCALHOST.cert(),
                "--user=" + Fixtures.USER, "--auth=" + mechanism,
                // The secret comes from the environment, never the command line.
                "--passwordeval=printf '%s\\n' \"$POP3_PASSWORD\"",
                "--keep=on", "--received-header=off", "--uidls-file=" + dir.resolve("uidls"),
                "--delivery=mda," + NumberedDelivery.command(out));
        // HOME points at the temp dir so that no ~/.mpoprc of the machine applies.
        ExternalProcess.Result r = ExternalProcess.run(dir, Map.of("HOME", dir.toString(),
                "POP3_PASSWORD", token ? TlsFixtures.TOKEN : Fixtures.PASSWORD), command).assertSuccess();
        String trace = r.stdout() + r.stderr();
        String authLine = "--> AUTH " + mechanism.toUpperCase(Locale.ROOT);
        assertTrue(trace.contains(authLine), authLine + "\n" + r.describe());
        assertTrue(trace.contains("<-- +OK Logged in"), "logged in\n" + r.describe());
        assertFalse(trace.contains("--> USER "), "no USER/PASS\n" + r.describe());
        int stls = trace.indexOf("--> STLS");
        if (tls.equals("stls")) assertTrue(stls >= 0 && stls < trace.indexOf(authLine), "AUTH after STLS\n" + r.describe());
        else assertEquals(-1, stls, "no STLS on the implicit-TLS port\n" + r.describe());
        List<byte[]> got = NumberedDelivery.read(out, Fixtures.all().size(), r.describe());
        for (Fixture f : Fixtures.all()) {
            assertSameBytes(f.wireWithLf(), got.get(f.number() - 1), "mpop message " + f.number() + " (" + f.name() + "), LF-normalised");
        }
    }
}
