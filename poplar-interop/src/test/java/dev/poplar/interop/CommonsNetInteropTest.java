// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Apache Commons Net's POP3Client. It decodes the connection as ISO-8859-1 (fixed in its POP3 class),
 * so every octet becomes one char of the same value and back: the comparison stays byte-exact.
 */
class CommonsNetInteropTest {
    private LoopbackServer server;
    private POP3Client client;

    @BeforeEach
    void login() throws Exception {
        server = new LoopbackServer();
        client = new POP3Client();
        client.setConnectTimeout(10_000);
        client.setDefaultTimeout(30_000);
        client.connect(LoopbackServer.HOST, server.port());
        assertTrue(client.login(Fixtures.USER, Fixtures.PASSWORD), "USER/PASS: " + client.getReplyString());
    }

    @AfterEach
    void logout() throws Exception {
        try {
            if (client != null && client.isConnected()) {
                client.logout();
                client.disconnect();
            }
        } finally {
            if (server != null) server.close();
        }
    }

    @Test
    void retrieveMessageIsByteExact_protocol1EightBitCleanCrlfDotStuffing() throws Exception {
        for (Fixture f : Fixtures.all()) {
            Reader reader = client.retrieveMessage(f.number());
            assertNotNull(reader, "RETR " + f.number() + ": " + client.getReplyString());
            assertSameBytes(f.wire(), latin1Bytes(reader), "Commons Net RETR " + f.number() + " (" + f.name() + ")");
        }
    }

    @Test
    void statAndListShowExactSizes_rfc1939section5() throws Exception {
        List<String> expected = new ArrayList<>();
        long total = 0;
        for (Fixture f : Fixtures.all()) {
            expected.add(f.number() + " " + f.wireSize());
            total += f.wireSize();
        }
        List<String> got = new ArrayList<>();
        for (POP3MessageInfo info : client.listMessages()) got.add(info.number + " " + info.size);
        assertEquals(expected, got, "LIST");
        POP3MessageInfo stat = client.status();
        assertEquals(Fixtures.all().size() + " " + total, stat.number + " " + stat.size, "STAT");
    }

    @Test
    void uniqueIdentifiersAreTheStoreIds_protocol3() throws Exception {
        List<String> got = new ArrayList<>();
        for (POP3MessageInfo info : client.listUniqueIdentifiers()) got.add(info.identifier);
        assertEquals(server.uids(), got);
    }

    @Test
    void topZeroIsTheHeaderAndTheEmptyLine_rfc1939section7() throws Exception {
        // The dots fixture: the header ends before any "." line, and the next RETR must still line up.
        Fixture f = Fixtures.number(2);
        Reader reader = client.retrieveMessageTop(f.number(), 0);
        assertNotNull(reader, "TOP: " + client.getReplyString());
        assertSameBytes(f.top(0), latin1Bytes(reader), "Commons Net TOP " + f.number() + " 0");
        Reader after = client.retrieveMessage(f.number());
        assertNotNull(after, "RETR after TOP: " + client.getReplyString());
        assertSameBytes(f.wire(), latin1Bytes(after), "Commons Net RETR " + f.number() + " after TOP");
    }

    /** Reads a message reader to its end; each char is one ISO-8859-1 octet. */
    private static byte[] latin1Bytes(Reader reader) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        char[] buf = new char[8192];
        try (reader) {
            int n;
            while ((n = reader.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] > 0xFF) throw new IOException("not an ISO-8859-1 char: " + (int) buf[i]);
                    out.write(buf[i]);
                }
            }
        }
        return out.toByteArray();
    }
}
