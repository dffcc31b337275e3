// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-account UID state (issue 5: "a per-account state of delivered unique-ids, written crash-safely"). */
class FetchStateTest {
    @TempDir
    Path tmp;

    /** UIDs real servers send (research notes §1b, §3): spaces, '#', '%', '@', '/', non-ASCII, a '+'. */
    static final List<String> ODD_UIDS = List.of("plain", "with space", "  two  leading", "#comment-like",
            "100%", "%41", "a@b/c", "gr\u00fc\u00df \u65e5\u672c", "trailing ", "x+y=z", "tab\there");

    private static final Instant T0 = Instant.parse("2024-01-02T03:04:05Z");

    private Path state() {
        return tmp.resolve("account.state");
    }

    @Test
    void roundTripKeepsOddUidsWholeWithTimesAndMarks() throws Exception {
        try (FetchState s = FetchState.open(state(), Clock.fixed(T0, ZoneOffset.UTC))) {
            for (String uid : ODD_UIDS) s.recordDelivered(uid);
            s.markDeletePending(List.of("with space", "100%"));
        }
        String file = Files.readString(state(), US_ASCII);
        assertTrue(file.startsWith("poplar-fetch-state 1\n"), file);
        assertTrue(file.contains("with%20space 1704164645 d\n"), file);
        try (FetchState s = FetchState.open(state())) {
            assertEquals(Set.copyOf(ODD_UIDS), s.deliveredUids());
            assertFalse(s.isDelivered("with"), "a UID is never split on spaces");
            assertFalse(s.isDelivered("trailing"), "nor trimmed");
            assertEquals(Optional.of(T0), s.firstSeen("gr\u00fc\u00df \u65e5\u672c"));
            assertEquals(Set.of("with space", "100%"), s.pendingDeletes());
        }
    }

    @Test
    void recordDeliveredIsInTheJournalBeforeItReturns() throws Exception {
        try (FetchState s = FetchState.open(state())) {
            s.recordDelivered("a b");
            assertEquals(List.of("a b"),
                    StateJournal.read(tmp.resolve("account.state.journal")).stream().map(StateJournal.Entry::uid).toList());
        }
        assertEquals(0, Files.size(tmp.resolve("account.state.journal")), "folded at close");
    }

    @Test
    void crashedRunsJournalIsReplayedAtNextOpen() throws Exception {
        try (FetchState s = FetchState.open(state())) {
            s.recordDelivered("old one");
        }
        // A run killed after two deliveries: its journal was fsynced, but never folded into the snapshot.
        try (StateJournal journal = StateJournal.open(tmp.resolve("account.state.journal"))) {
            journal.append(List.of(new StateJournal.Entry(StateJournal.Op.DELIVERED, "new #1", T0)));
            journal.append(List.of(new StateJournal.Entry(StateJournal.Op.DELIVERED, "new%2", T0),
                    new StateJournal.Entry(StateJournal.Op.PENDING, "old one", T0)));
        }
        try (FetchState s = FetchState.open(state())) {
            assertEquals(Set.of("old one", "new #1", "new%2"), s.deliveredUids());
            assertEquals(Set.of("old one"), s.pendingDeletes());
        }
        // Folded at open: the snapshot alone now holds them.
        assertTrue(Files.readString(state()).contains("new%20#1 "));
    }

    @Test
    void tornOrCorruptLastJournalRecordIsIgnored() throws Exception {
        Path journalFile = tmp.resolve("account.state.journal");
        try (StateJournal journal = StateJournal.open(journalFile)) {
            journal.append(List.of(new StateJournal.Entry(StateJournal.Op.DELIVERED, "acked", T0)));
        }
        Files.writeString(journalFile, "delivered unacked 1704164645", StandardOpenOption.APPEND); // no newline
        try (FetchState s = FetchState.open(state())) {
            assertEquals(Set.of("acked"), s.deliveredUids());
            s.recordDelivered("next"); // appended on a clean journal, not after the torn record
        }
        try (FetchState s = FetchState.open(state())) {
            assertEquals(Set.of("acked", "next"), s.deliveredUids());
        }
        try (StateJournal journal = StateJournal.open(journalFile)) {
            journal.append(List.of(new StateJournal.Entry(StateJournal.Op.DELIVERED, "third", T0)));
        }
        Files.writeString(journalFile, "delivered bad 1704164645 00000000\n", StandardOpenOption.APPEND); // CRC wrong
        try (FetchState s = FetchState.open(state())) {
            assertEquals(Set.of("acked", "next", "third"), s.deliveredUids());
        }
    }

    @Test
    void damageInTheMiddleOfTheJournalIsAnErrorNotSilentLoss() throws Exception {
        Path journalFile = tmp.resolve("account.state.journal");
        Files.writeString(journalFile, "garbage\n");
        try (StateJournal journal = StateJournal.open(journalFile)) {
            journal.append(List.of(new StateJournal.Entry(StateJournal.Op.DELIVERED, "good", T0)));
        }
        IOException e = assertThrows(IOException.class, () -> FetchState.open(state()));
        assertTrue(e.getMessage().contains("damaged"));
        Files.delete(journalFile);
        FetchState.open(state()).close(); // and the lock was released by the failed open
    }

    @Test
    void damagedOrForeignSnapshotIsRefused() throws Exception {
        Files.writeString(state(), "poplar-fetch-state 1\nabc 1 k\n"); // no end line: truncated
        assertThrows(IOException.class, () -> FetchState.open(state()));
        Files.writeString(state(), "poplar-fetch-state 2\nend 0\n");
        assertThrows(IOException.class, () -> FetchState.open(state()));
        Files.writeString(state(), "poplar-fetch-state 1\nabc 1 k\nend 2\n");
        assertThrows(IOException.class, () -> FetchState.open(state()));
    }

    @Test
    void secondOpenWhileLockedFailsClearly() throws Exception {
        try (FetchState first = FetchState.open(state())) {
            StateLockedException e = assertThrows(StateLockedException.class, () -> FetchState.open(state()));
            assertTrue(e.getMessage().contains("another poplar fetch"), e.getMessage());
        }
        FetchState.open(state()).close();
    }

    @Test
    void pendingDeletesSurviveARestartUntilConfirmed() throws Exception {
        try (FetchState s = FetchState.open(state())) {
            s.recordDelivered("m1");
            s.recordDelivered("m2");
            s.markDeletePending(List.of("m1", "m2"));
            // QUIT reply lost: no confirmDeleted.
        }
        try (FetchState s = FetchState.open(state())) {
            assertEquals(Set.of("m1", "m2"), s.pendingDeletes());
            s.confirmDeleted(List.of("m1", "m2", "never-known"));
            assertEquals(Set.of(), s.pendingDeletes());
            assertTrue(s.isDelivered("m1"), "kept until gone from the server");
            s.forget(List.of("m1"));
        }
        try (FetchState s = FetchState.open(state())) {
            assertEquals(Set.of("m2"), s.deliveredUids());
            assertEquals(Set.of(), s.pendingDeletes());
            assertThrows(IllegalArgumentException.class, () -> s.markDeletePending(List.of("not delivered")));
        }
    }

    @Test
    void firstSeenIsKeptAcrossRedelivery() throws Exception {
        try (FetchState s = FetchState.open(state(), Clock.fixed(T0, ZoneOffset.UTC))) {
            s.recordDelivered("u");
        }
        try (FetchState s = FetchState.open(state(), Clock.fixed(T0.plusSeconds(86_400), ZoneOffset.UTC))) {
            s.recordDelivered("u");
            assertEquals(Optional.of(T0), s.firstSeen("u"));
            assertEquals(Optional.empty(), s.firstSeen("other"));
        }
    }

    @Test
    void codecRoundTripsAndRejectsBadTokens() {
        for (String uid : ODD_UIDS) {
            String token = UidCodec.encode(uid);
            assertFalse(token.contains(" "), token);
            assertEquals(uid, UidCodec.decode(token));
        }
        assertThrows(IllegalArgumentException.class, () -> UidCodec.encode(""));
        assertThrows(IllegalArgumentException.class, () -> UidCodec.encode("\ud800"));
        assertThrows(IllegalArgumentException.class, () -> UidCodec.decode("%4"));
        assertThrows(IllegalArgumentException.class, () -> UidCodec.decode("%FF"));
    }
}
