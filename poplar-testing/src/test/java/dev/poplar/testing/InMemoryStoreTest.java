// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory store's issue 4 hooks: delivery times, credential tags, removed users, read-only maildrops. */
class InMemoryStoreTest {
    private final InMemoryStore store = new InMemoryStore().addUser("alice", "pw");

    @Test
    void listingCarriesTheDeliveryTime_rfc2449expire() throws Exception {
        Instant old = Instant.parse("2020-01-02T03:04:05Z");
        Instant before = Instant.now();
        String now = store.deliver("alice", "Subject: new\r\n\r\nx\r\n");
        Instant after = Instant.now();
        String dated = store.deliver("alice", "Subject: old\r\n\r\nx\r\n".getBytes(), old);

        try (Maildrop drop = store.open(new Account("alice"))) {
            List<MessageInfo> listed = drop.list();
            assertEquals(List.of(now, dated), listed.stream().map(MessageInfo::uid).toList(), "delivery order, not by time");
            Instant received = listed.get(0).received();
            assertNotNull(received);
            assertFalse(received.isBefore(before) || received.isAfter(after), received.toString());
            assertEquals(old, listed.get(1).received());
        }
    }

    @Test
    void aPasswordChangeOrARemovalInvalidatesTheAccount_sleeWake() throws Exception {
        Account a = store.authenticate("alice", "pw").orElseThrow();
        assertTrue(a.credentialTag().matches("[0-9a-f]{16}"));
        assertTrue(store.isStillValid(a));

        store.addUser("alice", "pw");
        assertTrue(store.isStillValid(a), "the same password again is no change");

        store.addUser("alice", "new");
        assertFalse(store.isStillValid(a));
        assertTrue(store.isStillValid(new Account("alice")), "without a tag: existence only");
        Account b = store.authenticate("alice", "new").orElseThrow();
        assertTrue(store.isStillValid(b));

        store.deliver("alice", "Subject: kept\r\n\r\nx\r\n");
        store.removeUser("alice");
        assertFalse(store.isStillValid(b));
        assertFalse(store.isStillValid(new Account("alice")));
        assertTrue(store.authenticate("alice", "new").isEmpty());
        assertEquals(1, store.addUser("alice", "back").uids("alice").size(), "the messages stay, like a maildir on disk");
    }

    @Test
    void aReadOnlyMaildropSaysSoAtOnceAndRemovesNothing() throws Exception {
        String uid = store.deliver("alice", "Subject: x\r\n\r\nx\r\n");
        try (Maildrop drop = store.open(new Account("alice"))) {
            assertFalse(drop.readOnly());
            store.setReadOnly("alice", true);
            assertTrue(drop.readOnly(), "an open maildrop sees the change");
            List<MessageInfo> listed = drop.list();
            drop.delete(List.of());
            StoreException e = assertThrows(StoreException.class, () -> drop.delete(listed));
            assertEquals(ResponseCode.READ_ONLY, e.code());
            assertEquals(List.of(uid), store.uids("alice"));
            store.setReadOnly("alice", false);
            assertFalse(drop.readOnly());
            drop.delete(listed);
        }
        assertEquals(List.of(), store.uids("alice"));
    }
}
