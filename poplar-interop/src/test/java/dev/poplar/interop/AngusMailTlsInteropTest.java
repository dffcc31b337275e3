// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Message;
import org.eclipse.angus.mail.pop3.POP3Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Angus Mail over STLS ({@code pop3} store with {@code starttls.enable} and {@code starttls.required},
 * RFC 2595) and over implicit TLS ({@code pop3s} store, RFC 8314). The certificate is checked by a
 * JSSE socket factory that trusts only the fixture ({@code mail.pop3.ssl.socketFactory}, stricter than
 * {@code ssl.trust}, which trusts a host without checking the chain), and the host name by Angus
 * ({@code ssl.checkserveridentity}). Angus's protocol trace (session debug) shows what was sent.
 */
class AngusMailTlsInteropTest {
    private AutoCloseable server;
    private Store store;
    private final ByteArrayOutputStream trace = new ByteArrayOutputStream();

    @AfterEach
    void close() throws Exception {
        if (store != null && store.isConnected()) store.close();
        if (server != null) server.close();
    }

    @Test
    void stlsRequiredReadsEveryMessageByteExact_rfc2595() throws Exception {
        TlsLoopbackServer tls = start(new TlsLoopbackServer(TlsFixtures.LOCALHOST));
        store = connect("pop3", tls.port(), TlsFixtures.trusting(TlsFixtures.LOCALHOST.cert()));
        assertReadsEveryMessage();
        String t = trace();
        assertTrue(Pattern.compile("(?m)^STLS\r?\n\\+OK").matcher(t).find(), "STLS was used\n" + t);
        assertFalse(((POP3Store) store).capabilities().containsKey("STLS"), "CAPA inside TLS has no STLS\n" + t);
    }

    @Test
    void implicitTlsReadsEveryMessageByteExact_rfc8314() throws Exception {
        TlsLoopbackServer tls = start(new TlsLoopbackServer(TlsFixtures.LOCALHOST));
        store = connect("pop3s", tls.tlsPort(), TlsFixtures.trusting(TlsFixtures.LOCALHOST.cert()));
        assertReadsEveryMessage();
        assertFalse(trace().contains("STLS"), "no STLS on the implicit-TLS port\n" + trace());
    }

    @Test
    void starttlsRequiredFailsAgainstAServerWithoutTls_capaIsHonest() throws Exception {
        LoopbackServer noTls = start(new LoopbackServer());
        MessagingException e = assertThrows(MessagingException.class,
                () -> connect("pop3", noTls.port(), TlsFixtures.trusting(TlsFixtures.LOCALHOST.cert())));
        assertTrue(e.getMessage().contains("STLS required but not supported"), "Angus saw no STLS in CAPA: " + e + "\n" + trace());
        assertFalse(trace().contains("authenticate"), "no login was attempted\n" + trace());
    }

    @Test
    void aTrustedCertificateForAnotherNameFails_stls() throws Exception {
        TlsLoopbackServer other = start(new TlsLoopbackServer(TlsFixtures.OTHER));
        MessagingException e = assertThrows(MessagingException.class,
                () -> connect("pop3", other.port(), TlsFixtures.trusting(TlsFixtures.OTHER.cert())));
        assertHostNameRefused(e);
    }

    @Test
    void aTrustedCertificateForAnotherNameFails_implicitTls() throws Exception {
        TlsLoopbackServer other = start(new TlsLoopbackServer(TlsFixtures.OTHER));
        MessagingException e = assertThrows(MessagingException.class,
                () -> connect("pop3s", other.tlsPort(), TlsFixtures.trusting(TlsFixtures.OTHER.cert())));
        assertHostNameRefused(e);
    }

    @Test
    void anUntrustedCertificateFails_jdkTrustStore() throws Exception {
        TlsLoopbackServer tls = start(new TlsLoopbackServer(TlsFixtures.LOCALHOST));
        MessagingException e = assertThrows(MessagingException.class,
                () -> connect("pop3s", tls.tlsPort(), (SSLSocketFactory) SSLSocketFactory.getDefault()));
        assertTrue(causes(e).contains(SSLHandshakeException.class.getName()) && causes(e).contains("PKIX path"),
                "refused: certificate not trusted\n" + causes(e));
        assertFalse(trace().contains("authenticate"), "no login was attempted\n" + trace());
    }

    private void assertHostNameRefused(MessagingException e) {
        // With checkserveridentity Angus asks JSSE for endpoint identification in the handshake, and
        // checks the name itself afterwards (SocketFetcher.checkServerIdentity); the first one fails.
        String why = causes(e);
        assertTrue(why.contains("No subject alternative DNS name matching " + TlsFixtures.NAME + " found")
                        || why.contains("Can't verify identity of server: " + TlsFixtures.NAME),
                "refused: host name\n" + why + "\n" + trace());
        assertFalse(trace().contains("authenticate"), "no login was attempted\n" + trace());
    }

    private void assertReadsEveryMessage() throws Exception {
        POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertEquals(Fixtures.all().size(), inbox.getMessageCount(), "message count (STAT)");
        for (Fixture f : Fixtures.all()) {
            try (InputStream in = ((POP3Message) inbox.getMessage(f.number())).getMimeStream()) {
                assertSameBytes(f.wire(), in.readAllBytes(), "Angus " + store.getURLName().getProtocol()
                        + " getMimeStream " + f.number() + " (" + f.name() + ")");
            }
        }
        inbox.close(false);
    }

    /**
     * Connects as {@link Fixtures#USER} to {@link TlsFixtures#NAME}: {@code pop3} with STLS required,
     * {@code pop3s} with implicit TLS; host-name check on, certificates checked by {@code factory}.
     */
    private Store connect(String protocol, int port, SSLSocketFactory factory) throws MessagingException {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(p + "connectiontimeout", "10000");
        props.setProperty(p + "timeout", "30000");
        props.put(p + "ssl.socketFactory", factory);
        props.setProperty(p + "ssl.checkserveridentity", "true");
        // Otherwise a failed implicit-TLS connect is retried with the JVM's default factory, and that
        // attempt's error (untrusted certificate) is the one reported.
        props.setProperty(p + "socketFactory.fallback", "false");
        if (protocol.equals("pop3")) {
            // Not for pop3s: Angus would also demand STLS in the CAPA of an implicit-TLS session.
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        Session session = Session.getInstance(props);
        session.setDebug(true);
        session.setDebugOut(new PrintStream(trace, true, StandardCharsets.ISO_8859_1));
        Store s = session.getStore(protocol);
        s.connect(TlsFixtures.NAME, port, Fixtures.USER, Fixtures.PASSWORD);
        return s;
    }

    private String trace() {
        return trace.toString(StandardCharsets.ISO_8859_1);
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append('\n');
        return sb.toString();
    }

    private <T extends AutoCloseable> T start(T s) {
        server = s;
        return s;
    }
}
