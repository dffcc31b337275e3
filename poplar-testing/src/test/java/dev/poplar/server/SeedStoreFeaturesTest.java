// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import static dev.poplar.server.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.testing.InMemoryStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 4 features that depend on the store: read-only maildrops, EXPIRE, WAKE's account re-check. */
@Timeout(30)
class SeedStoreFeaturesTest {

    private static String cmd(InputStream in, OutputStream out, String line) throws Exception {
        send(out, line);
        return readLine(in);
    }

    @Test
    void readOnlyMaildropsRefuseDeleAndDeli_protocol7() throws Exception {
        InMemoryStore store = store();
        store.setReadOnly("alice", true);
        try (Pop3Server server = server(store); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLine(in);
            login(in, out, "alice", "secret");
            assertEquals("-ERR [READ-ONLY] This maildrop is read-only.", cmd(in, out, "DELE 1"));
            assertEquals("-ERR [READ-ONLY] This maildrop is read-only.", cmd(in, out, "DELI UID:m2"));
            assertTrue(cmd(in, out, "RETR 1").startsWith("+OK"), "reading still works");
            readMultiLine(in);
            assertEquals("+OK Poplar POP3 server signing off (0 messages deleted).", cmd(in, out, "QUIT"));
        }
        assertEquals(List.of("m1", "m2", "m3"), store.uids("alice"));
    }

    @Test
    void expireRemovesMessagesOlderThanTheLimitAtLoginAndIsAdvertised_rfc2449section6_7() throws Exception {
        InMemoryStore store = store();
        String old = store.deliver("alice", "Subject: old\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII),
                Instant.now().minus(Duration.ofDays(30)));
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).expireDays(7).start();
             Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLine(in);
            send(out, "CAPA");
            readLine(in);
            assertTrue(readMultiLine(in).contains("EXPIRE 7"));
            login(in, out, "alice", "secret");
            assertEquals("+OK 3 99", cmd(in, out, "STAT"), "only the old message is gone");
            assertEquals("-ERR [UID/NOT-FOUND] No message has that unique-id.", cmd(in, out, "RETR UID:" + old));
        }
        assertEquals(List.of("m1", "m2", "m3"), store.uids("alice"));
        assertThrows(IllegalArgumentException.class, () -> Pop3Server.builder().expireDays(0),
                "0 would remove every message before it could be fetched");
    }

    @Test
    void readOnlyMaildropsAreNeverExpired_rfc2449section6_7() throws Exception {
        InMemoryStore store = store();
        store.deliver("alice", "Subject: old\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), Instant.now().minus(Duration.ofDays(30)));
        store.setReadOnly("alice", true);
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).expireDays(7).start();
             Socket s = connect(server)) {
            readLine(s.getInputStream());
            login(s.getInputStream(), s.getOutputStream(), "alice", "secret");
        }
        assertEquals(4, store.uids("alice").size());
    }

    @Test
    void wakeChecksTheAccountAgain_protocol7() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = server(store); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readLine(in);
            login(in, out, "alice", "secret");
            assertTrue(cmd(in, out, "SLEE").startsWith("+OK"));
            store.addUser("alice", "changed"); // the password changed while the session slept
            assertEquals("-ERR [AUTH] The account's credentials are no longer valid.", cmd(in, out, "WAKE"));
            assertEquals("+OK", cmd(in, out, "NOOP"), "still asleep, still connected");
            store.addUser("alice", "secret");
            assertTrue(cmd(in, out, "WAKE").startsWith("+OK [ACTIVITY/"), "valid again");
            assertTrue(cmd(in, out, "SLEE").startsWith("+OK"));
            store.removeUser("alice");
            assertEquals("-ERR [AUTH] The account's credentials are no longer valid.", cmd(in, out, "WAKE"));
        }
    }
}
