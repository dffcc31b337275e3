// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery intents survive snapshots and reopening until closed; the Maildir finds tagged messages. */
class FetchIntentStateTest {
    @TempDir
    Path tmp;

    @Test
    void anOpenIntentSurvivesCloseAndReopenUntilResolved_issue5() throws Exception {
        Path file = tmp.resolve("s.state");
        try (FetchState s = FetchState.open(file)) {
            s.recordIntent("a b");
            s.recordIntent("c");
            s.recordDelivered("c");
        }
        try (FetchState s = FetchState.open(file)) {
            assertEquals(Set.of("a b"), s.openIntents());
            assertTrue(s.isDelivered("c"));
            assertFalse(s.isDelivered("a b"));
            s.checkpoint();
            assertEquals(Set.of("a b"), s.openIntents());
        }
        try (FetchState s = FetchState.open(file)) {
            assertEquals(Set.of("a b"), s.openIntents());
            s.abandonIntent("a b");
        }
        try (FetchState s = FetchState.open(file)) {
            assertEquals(Set.of(), s.openIntents());
            assertFalse(s.isDelivered("a b"));
        }
        assertEquals(0, Files.size(tmp.resolve("s.state.journal")));
    }

    @Test
    void maildirFindsAMessageByItsStableTagOnlyForTheSameAccountAndUid_issue5() throws Exception {
        MaildirDestination dest = new MaildirDestination(tmp.resolve("Maildir"));
        Path spooled = Files.writeString(tmp.resolve("m"), "Subject: x\r\n\r\nbody\r\n");
        MessageMeta meta = new MessageMeta("uid 1", "", Instant.EPOCH, "alice@host");
        assertEquals(Destination.Presence.ABSENT, dest.find(meta));
        dest.deliver(spooled, meta);
        assertEquals(Destination.Presence.DELIVERED, dest.find(new MessageMeta("uid 1", "", Instant.now(), "alice@host")));
        assertEquals(Destination.Presence.ABSENT, dest.find(new MessageMeta("uid 1", "", Instant.EPOCH, "bob@host")));
        assertEquals(Destination.Presence.ABSENT, dest.find(new MessageMeta("uid 2", "", Instant.EPOCH, "alice@host")));
        // A reader moving it to cur/ with flags keeps it found.
        Path inNew;
        try (var s = Files.list(tmp.resolve("Maildir/new"))) {
            inNew = s.findFirst().orElseThrow();
        }
        assertTrue(inNew.getFileName().toString().matches("\\d+\\.M\\d+P\\d+Q\\d+R[0-9a-f]{8}\\.[^/:]+,S=20,PF=[0-9a-f]{16}"),
                inNew.getFileName().toString());
        Files.move(inNew, tmp.resolve("Maildir/cur").resolve(inNew.getFileName() + ":2,S"));
        assertEquals(Destination.Presence.DELIVERED, dest.find(meta));
        assertEquals(Destination.Presence.UNKNOWN, new MboxDestination(tmp.resolve("mbox")).find(meta));
    }
}
