// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Angus Mail, the Jakarta Mail implementation, through its "pop3" Store. TOP is left enabled (the
 * default, as deployed): Angus then loads a header on first use with TOP n 0 and the message with
 * RETR, and both paths are checked. {@link POP3Message#getMimeStream()} is the message as RETR
 * delivered it, un-stuffed.
 */
class AngusMailInteropTest {
    private LoopbackServer server;
    private Store store;

    @BeforeEach
    void connect() throws Exception {
        server = new LoopbackServer();
        Properties props = new Properties();
        props.setProperty("mail.pop3.connectiontimeout", "10000");
        props.setProperty("mail.pop3.timeout", "30000");
        store = Session.getInstance(props).getStore("pop3");
        store.connect(LoopbackServer.HOST, server.port(), Fixtures.USER, Fixtures.PASSWORD);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) store.close();
        if (server != null) server.close();
    }

    @Test
    void everyMessageIsReadByteExact_protocol1EightBitCleanCrlfDotStuffing() throws Exception {
        POP3Folder inbox = open(Folder.READ_ONLY);
        assertEquals(Fixtures.all().size(), inbox.getMessageCount(), "message count (STAT)");
        for (Fixture f : Fixtures.all()) {
            POP3Message m = (POP3Message) inbox.getMessage(f.number());
            // Asked before the body is fetched, so Angus parses it from TOP n 0.
            assertEquals(subject(f), m.getHeader("Subject", null), "Subject of " + f.number() + " via TOP");
            byte[] raw;
            try (InputStream in = m.getMimeStream()) {
                raw = in.readAllBytes();
            }
            assertSameBytes(f.wire(), raw, "Angus getMimeStream " + f.number() + " (" + f.name() + ")");
            // writeTo of an unmodified message copies the same cached bytes; checked so that
            // applications that save mail with writeTo get the exact message too.
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            m.writeTo(written);
            assertSameBytes(f.wire(), written.toByteArray(), "Angus writeTo " + f.number() + " (" + f.name() + ")");
        }
        inbox.close(false);
    }

    @Test
    void uidsAndSizesMatchTheStore_protocol2and3() throws Exception {
        POP3Folder inbox = open(Folder.READ_ONLY);
        List<String> uids = new ArrayList<>();
        for (Message m : inbox.getMessages()) uids.add(inbox.getUID(m));
        assertEquals(server.uids(), uids, "UIDL");
        int[] expected = Fixtures.all().stream().mapToInt(f -> Math.toIntExact(f.wireSize())).toArray();
        assertArrayEquals(expected, inbox.getSizes(), "LIST sizes");
        inbox.close(false);
    }

    @Test
    void topZeroIsTheHeaderAndTheEmptyLine_rfc1939section7() throws Exception {
        POP3Folder inbox = open(Folder.READ_ONLY);
        Fixture f = Fixtures.number(3);
        try (InputStream in = ((POP3Message) inbox.getMessage(f.number())).top(0)) {
            assertSameBytes(f.top(0), in.readAllBytes(), "Angus top(0) of " + f.number() + " (" + f.name() + ")");
        }
        inbox.close(false);
    }

    @Test
    void deletedMessagesAreGoneAfterCloseAndOnlyThose_rfc1939section6() throws Exception {
        POP3Folder inbox = open(Folder.READ_WRITE);
        inbox.getMessage(2).setFlag(Flags.Flag.DELETED, true);
        inbox.getMessage(5).setFlag(Flags.Flag.DELETED, true);
        // close(true) sends QUIT, which enters UPDATE and commits the DELEs.
        inbox.close(true);
        List<String> expected = new ArrayList<>(server.uids());
        expected.remove(server.uid(5));
        expected.remove(server.uid(2));
        assertEquals(expected, server.store().uids(Fixtures.USER));
        for (Fixture f : Fixtures.all()) {
            if (f.number() == 2 || f.number() == 5) continue;
            assertArrayEquals(f.stored(), server.store().content(Fixtures.USER, server.uid(f.number())).orElseThrow(),
                    "message " + f.number() + " untouched");
        }
    }

    /** The fixture's Subject header value; every fixture has a one-line ASCII Subject. */
    private static String subject(Fixture f) {
        Matcher m = Pattern.compile("(?m)^Subject: ([^\r\n]*)").matcher(new String(f.wire(), StandardCharsets.ISO_8859_1));
        if (!m.find()) throw new IllegalStateException("fixture without Subject: " + f.name());
        return m.group(1);
    }

    private POP3Folder open(int mode) throws Exception {
        POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
        inbox.open(mode);
        return inbox;
    }
}
