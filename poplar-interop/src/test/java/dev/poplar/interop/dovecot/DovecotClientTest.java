// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop.dovecot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.client.BatchResult;
import dev.poplar.client.ClientConfig;
import dev.poplar.client.MailboxStatus;
import dev.poplar.client.Mechanism;
import dev.poplar.client.MessageSize;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.Pop3Exception;
import dev.poplar.client.QuitOutcome;
import dev.poplar.client.UidEntry;
import dev.poplar.client.UidListing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poplar's client against Dovecot as a peer server (issue 5): one private Dovecot instance for the
 * class, one account per test that changes its mailbox. Messages are stored in the Maildirs as a
 * delivery agent leaves them (LF line ends); Dovecot serves them with CRLF, so each RETR must equal
 * the stored bytes with LF turned into CRLF, byte for byte, 8-bit bytes and lone dots included.
 */
class DovecotClientTest {
    static final String PASSWORD = "s3cret pass";
    /** Subject to stored bytes (LF line ends, as in a real Maildir). */
    static final Map<String, byte[]> MESSAGES = new LinkedHashMap<>();

    static {
        MESSAGES.put("plain", bytes("From: bob@example.org\nSubject: plain\n\nHello.\n"));
        MESSAGES.put("dots", bytes("Subject: dots\n\n.\n..\n.leading\nmid . dot\n.\nend\n"));
        MESSAGES.put("8bit", bytes("Subject: 8bit\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                + "caf\u00c3\u00a9 \u00e9\u00ff\u0080\u0001\ttab\n.\n"));
    }

    private static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin");

    @TempDir
    static Path tmp;
    private static DovecotInstance dovecot;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What Dovecot serves for a stored LF message: every LF as CRLF, dots un-stuffed by the client. */
    static byte[] crlf(byte[] lf) {
        return new String(lf, StandardCharsets.ISO_8859_1).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static String subject(byte[] message) {
        for (String line : new String(message, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            if (line.startsWith("Subject: ")) return line.substring("Subject: ".length());
            if (line.isEmpty()) break;
        }
        throw new AssertionError("no Subject in " + new String(message, StandardCharsets.ISO_8859_1));
    }

    @BeforeAll
    static void startDovecot() throws Exception {
        Map<String, String> users = new HashMap<>();
        for (String u : USERS) users.put(u, PASSWORD);
        dovecot = DovecotInstance.start(tmp, users);
        for (String u : USERS) {
            int i = 0;
            for (var m : MESSAGES.entrySet()) dovecot.deliver(u, "1700000000.M" + (i++) + "P1.poplar-test", m.getValue());
        }
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) dovecot.close();
    }

    static SSLContext trusting(String certFile) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (InputStream in = Files.newInputStream(DovecotInstance.fixture(certFile))) {
            anchors.setCertificateEntry("fixture", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static ClientConfig.Builder plain() {
        return ClientConfig.builder("127.0.0.1").port(dovecot.port()).allowPlaintextLogin(true);
    }

    private static ClientConfig.Builder stls(String host) throws Exception {
        return ClientConfig.builder(host).port(dovecot.port()).security(ClientConfig.Security.STARTTLS)
                .sslContext(trusting("localhost-cert.pem"));
    }

    /** Retrieves every message and checks it byte for byte; returns subject to message number. */
    private static Map<String, Integer> retrieveAllAndCheck(Pop3Client c) throws IOException {
        Map<String, Integer> numbers = new HashMap<>();
        List<MessageSize> list = c.list();
        assertEquals(MESSAGES.size(), list.size());
        for (MessageSize ms : list) {
            byte[] got;
            try (InputStream in = c.retrieve(ms.number())) {
                got = in.readAllBytes();
            }
            String subject = subject(got);
            byte[] stored = MESSAGES.get(subject);
            assertNotNull(stored, "unknown message " + subject);
            assertArrayEquals(crlf(stored), got, "message " + ms.number() + " (" + subject + ")\n" + dovecot.log());
            assertEquals(got.length, ms.octets(), "LIST size is the CRLF size of " + subject);
            assertEquals(null, numbers.put(subject, ms.number()), "served twice: " + subject);
        }
        assertEquals(MESSAGES.keySet(), numbers.keySet());
        return numbers;
    }

    @Test
    void userPass_statListUidlConsistent_andStableAcrossSessions_rfc1939() throws Exception {
        List<UidEntry> first;
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            assertTrue(c.capabilities().has("UIDL") && c.capabilities().has("STLS"), c.capabilities().lines().toString());
            c.login("alice", PASSWORD);
            List<MessageSize> list = c.list();
            long total = 0;
            for (byte[] m : MESSAGES.values()) total += crlf(m).length;
            assertEquals(new MailboxStatus(MESSAGES.size(), total), c.stat());
            assertEquals(total, list.stream().mapToLong(MessageSize::octets).sum());
            UidListing uidl = c.uidl();
            assertTrue(uidl.duplicates().isEmpty());
            assertEquals(IntStream.rangeClosed(1, MESSAGES.size()).boxed().toList(),
                    uidl.entries().stream().map(UidEntry::number).toList());
            first = uidl.entries();
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            c.login("alice", PASSWORD);
            assertEquals(first, c.uidl().entries(), "Dovecot's UIDs are stable across sessions");
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
    }

    @Test
    void retrieveEveryMessage_byteExact_withLoneDotsAnd8bit_rfc1939_3() throws Exception {
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            c.login("alice", PASSWORD);
            Map<String, Integer> numbers = retrieveAllAndCheck(c);
            // Dovecot has no UID-PARAM: the client must refuse UID addressing instead of sending it.
            assertFalse(c.capabilities().has("UID-PARAM"));
            assertThrows(IllegalStateException.class, () -> c.retrieve(c.uidl().entries().get(0).uid()));
            try (InputStream in = c.top(numbers.get("plain"), 0)) {
                assertArrayEquals(bytes("From: bob@example.org\r\nSubject: plain\r\n\r\n"), in.readAllBytes());
            }
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
    }

    @Test
    void wrongPassword_isRefused() throws Exception {
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            assertThrows(Pop3Exception.class, () -> c.login("alice", "wrong"));
        }
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            assertThrows(Pop3Exception.class, () -> c.authenticate(Mechanism.SCRAM_SHA_256, "alice", "wrong"));
        }
    }

    @Test
    void saslMechanisms_plainLoginCramMd5Scram_rfc5034() throws Exception {
        List<String> offered;
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            offered = c.capabilities().saslMechanisms();
        }
        for (Mechanism m : List.of(Mechanism.PLAIN, Mechanism.LOGIN, Mechanism.CRAM_MD5, Mechanism.SCRAM_SHA_256)) {
            if (!offered.contains(m.wire())) {
                Assumptions.abort("Dovecot does not offer " + m.wire() + ": " + offered);
            }
            List<String> trace = new CopyOnWriteArrayList<>();
            try (Pop3Client c = Pop3Client.connect(plain().trace(trace::add).build())) {
                c.authenticate(m, "alice", PASSWORD);
                assertEquals(MESSAGES.size(), c.stat().count(), m.wire());
                assertEquals(QuitOutcome.COMMITTED, c.quit());
            }
            assertFalse(String.join("\n", trace).contains("s3cret"), "trace redacts " + m.wire());
        }
    }

    @Test
    void deleteThenQuit_isCommitted_andRemovesTheFiles_rfc1939_6() throws Exception {
        String deletedUid;
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            c.login("bob", PASSWORD);
            Map<String, Integer> numbers = retrieveAllAndCheck(c);
            deletedUid = c.uidl().entries().get(numbers.get("dots") - 1).uid();
            c.delete(numbers.get("dots"));
            c.delete(numbers.get("8bit"));
            assertEquals(1, c.stat().count(), "marked messages no longer count");
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
        assertEquals(1, dovecot.messagesOnDisk("bob"), dovecot.log());
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            c.login("bob", PASSWORD);
            assertEquals(1, c.stat().count());
            assertFalse(c.uidl().entries().stream().anyMatch(e -> e.uid().equals(deletedUid)));
            try (InputStream in = c.retrieve(1)) {
                assertArrayEquals(crlf(MESSAGES.get("plain")), in.readAllBytes());
            }
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
    }

    @Test
    void deleteThenRset_orCloseWithoutQuit_keepsEverything_rfc1939_6() throws Exception {
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            c.login("carol", PASSWORD);
            c.delete(1);
            c.reset();
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            c.login("carol", PASSWORD);
            c.delete(1);
            c.delete(2);
            c.close(); // no QUIT: no UPDATE state, nothing is removed
        }
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            c.login("carol", PASSWORD);
            assertEquals(MESSAGES.size(), c.stat().count());
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
        assertEquals(MESSAGES.size(), dovecot.messagesOnDisk("carol"));
    }

    @Test
    void pipelinedRetrieveAndDeleteAll_rfc2449_6_6() throws Exception {
        try (Pop3Client c = Pop3Client.connect(plain().build())) {
            c.login("dave", PASSWORD);
            assertTrue(c.capabilities().has("PIPELINING"), c.capabilities().lines().toString());
            List<Integer> seen = new ArrayList<>();
            BatchResult r = c.retrieveAll(IntStream.rangeClosed(1, MESSAGES.size()).boxed().toList(), (n, in) -> {
                byte[] got = in.readAllBytes();
                assertArrayEquals(crlf(MESSAGES.get(subject(got))), got);
                seen.add(n);
                return true;
            });
            assertEquals(IntStream.rangeClosed(1, MESSAGES.size()).boxed().toList(), seen);
            assertTrue(r.failures().isEmpty(), r.failures().toString());
            assertEquals(MESSAGES.size(), r.deleted().size());
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
        assertEquals(0, dovecot.messagesOnDisk("dave"), dovecot.log());
    }

    @Test
    void stlsWithFixtureCert_scramAndPlain_rfc2595() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        try (Pop3Client c = Pop3Client.connect(stls("localhost").trace(trace::add).build())) {
            assertTrue(c.isTls());
            assertFalse(c.capabilities().has("STLS"), "CAPA re-read after STLS");
            c.authenticate(Mechanism.SCRAM_SHA_256, "erin", PASSWORD);
            retrieveAllAndCheck(c);
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
        assertFalse(String.join("\n", trace).contains("s3cret"));
        try (Pop3Client c = Pop3Client.connect(stls("127.0.0.1").build())) { // IP SAN
            assertTrue(c.isTls());
            c.authenticate(Mechanism.PLAIN, "erin", PASSWORD); // allowed: TLS, no plaintext permission given
            assertEquals(MESSAGES.size(), c.stat().count());
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
        try (Pop3Client c = Pop3Client.connect(stls("localhost").build())) {
            c.login("erin", PASSWORD);
            assertEquals(MESSAGES.size(), c.uidl().entries().size());
            assertEquals(QuitOutcome.COMMITTED, c.quit());
        }
    }

    @Test
    void stlsWithUntrustedOrMisnamedCert_fails_rfc6125() throws Exception {
        ClientConfig untrusted = ClientConfig.builder("localhost").port(dovecot.port())
                .security(ClientConfig.Security.STARTTLS).sslContext(trusting("other-cert.pem")).build();
        assertThrows(SSLHandshakeException.class, () -> Pop3Client.connect(untrusted));
        Assumptions.assumeTrue(dovecot.listensOnSecondAddress(), "127.0.0.2 is not usable here");
        // Trusted chain, but 127.0.0.2 is not a name the certificate carries: host-name check alone fails.
        assertThrows(SSLHandshakeException.class, () -> Pop3Client.connect(stls("127.0.0.2").build()));
    }
}
