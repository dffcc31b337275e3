// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UPDATE (RFC 1939 §6): removals are all or none, durable, and safe with concurrent sessions. */
class DeleteTest {
    @TempDir
    Path root;

    private Path maildir;
    private MaildirStore store;

    @BeforeEach
    void fill() {
        maildir = root.resolve(USER);
        store = new MaildirStore(root);
        for (int i = 1; i <= 5; i++) put(maildir, i % 2 == 0 ? "cur" : "new", name(i) + (i % 2 == 0 ? ":2,S" : ""), message("m" + i));
    }

    private static String name(int i) {
        return "170000000" + i + ".m" + i + ".host";
    }

    private List<String> remaining() throws Exception {
        List<String> all = new ArrayList<>();
        for (String f : Fixture.names(maildir.resolve("new"))) all.add(MaildirName.baseOf(f));
        for (String f : Fixture.names(maildir.resolve("cur"))) all.add(MaildirName.baseOf(f));
        return all.stream().sorted().toList();
    }

    private List<String> journals() throws Exception {
        return Fixture.names(maildir).stream().filter(n -> n.startsWith("poplar-")).filter(n -> !n.equals(MaildirIndex.FILE_NAME)).toList();
    }

    @Test
    void deleteRemovesAllGivenMessagesFromDiskAndLeavesNoJournal() throws Exception {
        try (Maildrop drop = Fixture.open(store)) {
            List<MessageInfo> infos = drop.list();
            drop.delete(List.of(infos.get(0), infos.get(1), infos.get(3)));
        }
        assertEquals(List.of(name(3), name(5)), remaining());
        assertEquals(List.of(), journals());
    }

    @Test
    void deleteIgnoresMessagesAnotherProgramAlreadyRemoved() throws Exception {
        try (Maildrop drop = Fixture.open(store)) {
            List<MessageInfo> infos = drop.list();
            Files.delete(maildir.resolve("new/" + name(1)));
            drop.delete(infos); // protocol.md §8: already gone is a no-op, not an error
        }
        assertEquals(List.of(), remaining());
    }

    @Test
    void deleteFindsMessagesRenamedSinceTheListing() throws Exception {
        try (Maildrop drop = Fixture.open(store)) {
            List<MessageInfo> infos = drop.list();
            Files.move(maildir.resolve("new/" + name(1)), maildir.resolve("cur/" + name(1) + ":2,S"));
            Files.move(maildir.resolve("cur/" + name(2) + ":2,S"), maildir.resolve("cur/" + name(2) + ":2,RS"));
            drop.delete(List.of(infos.get(0), infos.get(1)));
        }
        assertEquals(List.of(name(3), name(4), name(5)), remaining());
    }

    @Test
    void deleteOfAnUnlistedIdChangesNothing() throws Exception {
        try (Maildrop drop = Fixture.open(store)) {
            List<MessageInfo> infos = drop.list();
            List<MessageInfo> mixed = List.of(infos.get(0), new MessageInfo("not-listed", 1));
            assertThrows(IllegalArgumentException.class, () -> drop.delete(mixed));
        }
        assertEquals(5, remaining().size(), "all or none: none");
        assertEquals(List.of(), journals());
    }

    @Test
    void closeWithoutDeleteRemovesNothing() throws Exception {
        try (Maildrop drop = Fixture.open(store)) {
            drop.list();
        }
        assertEquals(5, remaining().size());
    }

    @Test
    void journalLeftByACrashIsReplayedBeforeTheNextListing() throws Exception {
        // A crash after the journal became durable: it names 1 and 4; 4 was already unlinked.
        Files.delete(maildir.resolve("cur/" + name(4) + ":2,S"));
        Files.write(maildir.resolve(DeleteJournal.PREFIX + "1700000000.crashed"),
                Fixture.recordFile(DeleteJournal.HEADER, List.of(name(1), name(4))));

        List<MessageInfo> infos = Fixture.list(store);

        assertEquals(List.of(name(2), name(3), name(5)), Fixture.uids(infos));
        assertEquals(List.of(name(2), name(3), name(5)), remaining());
        assertEquals(List.of(), journals());
    }

    @Test
    void damagedJournalRemovesNothing() throws Exception {
        // No valid trailer: not something we committed. Before the commit point nothing is removed.
        Files.writeString(maildir.resolve(DeleteJournal.PREFIX + "1700000000.damaged"),
                DeleteJournal.HEADER + "\n" + name(1) + "\n" + name(2) + "\n");

        assertEquals(5, Fixture.list(store).size());
        assertEquals(5, remaining().size());
        assertEquals(List.of(), journals());
    }

    @Test
    void uncommittedTemporaryJournalRemovesNothing() throws Exception {
        // A crash before the rename leaves only a temporary file: the removal never happened.
        Files.write(maildir.resolve(RecordFile.TEMP_PREFIX + "1700000000.x"),
                Fixture.recordFile(DeleteJournal.HEADER, List.of(name(1))));

        assertEquals(5, Fixture.list(store).size());
    }

    @Test
    void failureAfterTheCommitIsFinishedByTheNextListing() throws Exception {
        // The journal is the commit point: if an unlink then fails, the removal has still succeeded
        // (so QUIT answers +OK), and the next listing finishes it before listing anything.
        try (Maildrop drop = Fixture.open(store)) {
            List<MessageInfo> infos = drop.list();
            Path second = maildir.resolve("cur/" + name(2) + ":2,S");
            Files.delete(second);
            Files.createDirectories(second.resolve("blocker")); // unlink(2) of a non-empty directory fails

            drop.delete(List.of(infos.get(0), infos.get(1)));
            assertEquals(1, journals().size(), "committed, not yet finished");
        }

        List<MessageInfo> next = Fixture.list(store);

        assertEquals(List.of(name(3), name(4), name(5)), Fixture.uids(next));
        assertTrue(Files.notExists(maildir.resolve("new/" + name(1))));
        assertEquals(List.of(), journals());
    }

    @Test
    void journalNamingUnknownMessagesIsHarmless() throws Exception {
        Files.write(maildir.resolve(DeleteJournal.PREFIX + "x"),
                Fixture.recordFile(DeleteJournal.HEADER, List.of("no-such-message", "../" + name(1))));

        assertEquals(5, Fixture.list(store).size());
        assertEquals(List.of(), journals());
    }

    @Test
    void twoSessionsDeletingOverlappingSetsBothSucceed() throws Exception {
        try (Maildrop a = Fixture.open(store); Maildrop b = Fixture.open(store)) {
            List<MessageInfo> seenByA = a.list();
            List<MessageInfo> seenByB = b.list();
            a.delete(List.of(seenByA.get(0), seenByA.get(1)));
            b.delete(List.of(seenByB.get(1), seenByB.get(2)));

            // B's snapshot still numbers message 1, which A removed: a clean "gone".
            assertNull(assertThrows(StoreException.class, () -> b.open(seenByB.get(0))).code());
        }
        assertEquals(List.of(name(4), name(5)), remaining());
        assertEquals(List.of(), journals());
    }

    @Test
    void manySessionsDeletingConcurrentlyRemoveExactlyTheUnion() throws Exception {
        for (int i = 6; i <= 40; i++) put(maildir, "new", "17000000" + (10 + i) + ".x" + i + ".host", message("x" + i));
        int sessions = 8;
        List<Maildrop> drops = new ArrayList<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            Maildrop drop = Fixture.open(store);
            drops.add(drop);
            List<MessageInfo> infos = drop.list(); // every session takes its snapshot first
            // Session s removes messages s..s+9 (of 40) of its snapshot: neighbours overlap.
            List<MessageInfo> mine = infos.subList(s, s + 10);
            tasks.add(() -> {
                drop.delete(mine);
                return null;
            });
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Void> f : pool.invokeAll(tasks)) f.get();
        }
        drops.forEach(Maildrop::close);
        // Messages 1..17 in listing order are gone, 18..40 remain.
        assertEquals(40 - (sessions - 1 + 10), remaining().size());
        List<MessageInfo> left = Fixture.list(store);
        assertEquals(23, left.size());
        assertTrue(left.stream().noneMatch(m -> m.uid().equals(name(1))));
        assertEquals(List.of(), journals());
    }
}
