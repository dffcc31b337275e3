// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.maildir.MaildirListing.Listed;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing cache ({@code poplar-listing}): an unchanged big maildir is listed from one file, with
 * exactly the listing a full scan gives; any change to the maildir means a full scan.
 */
class ListingCacheTest {
    @TempDir
    Path root;

    private BigMaildir box;

    @BeforeEach
    void fill() throws Exception {
        box = new BigMaildir(root);
    }

    private static List<String> bases(List<Listed> listed) {
        return listed.stream().map(Listed::base).toList();
    }

    @Test
    void unchangedMaildirIsListedFromTheCacheExactlyAsAFullScanListsIt() throws Exception {
        List<Listed> first = box.take();
        assertEquals(0, box.hits());
        assertEquals(1, box.writes());
        assertTrue(Files.isRegularFile(box.file()));

        List<Listed> second = box.take();

        assertEquals(1, box.hits());
        assertEquals(1, box.writes(), "a hit does not rewrite the file");
        assertEquals(12, second.size());
        // Same order, ids, sizes, paths and received times: records compare every component.
        assertEquals(first, second);
        assertEquals(box.fullScan(), second);
        // The special names came back intact.
        Path spaced = box.maildir().resolve("cur/1700000100.with space\tand tab.host:2,RS");
        assertTrue(second.stream().anyMatch(m -> m.path().equals(spaced)));
        assertTrue(second.stream().anyMatch(m -> m.uid().startsWith(UniqueIds.DERIVED_PREFIX)));
        assertTrue(second.stream().anyMatch(m -> m.received() == null));
    }

    @Test
    void theLastListingIsAlsoKeptInMemoryUnderItsKey_issue6() throws Exception {
        ListingCache withMemory = new ListingCache(BigMaildir.MIN, java.time.Clock.systemUTC(), true);
        StoreCounters counters = new StoreCounters();
        List<Listed> first = MaildirListing.take(box.maildir(), new UidlistCache(), withMemory, counters);
        Files.delete(box.file()); // only memory can answer now
        List<Listed> second = MaildirListing.take(box.maildir(), new UidlistCache(), withMemory, counters);
        assertEquals(1, counters.listingHits().sum());
        assertEquals(first, second);
        // A change to the maildir changes the key: memory does not answer, a full scan does.
        Fixture.put(box.maildir(), "new", "1700000200.M9P1.host", Fixture.message("late"));
        box.age();
        List<Listed> third = MaildirListing.take(box.maildir(), new UidlistCache(), withMemory, counters);
        assertEquals(1, counters.listingHits().sum());
        assertEquals(first.size() + 1, third.size());
    }

    @Test
    void aMovedMaildirStillUsesItsCacheWithPathsInItsNewPlace() throws Exception {
        List<Listed> before = box.take();
        Path moved = box.root().resolve("moved");
        box.moveTo(moved);

        List<Listed> after = box.take();

        assertEquals(1, box.hits());
        assertEquals(bases(before), bases(after));
        assertTrue(after.stream().allMatch(m -> m.path().startsWith(moved)), "paths are relative to the maildir");
        assertEquals(box.fullScan(), after);
    }

    @Test
    void aDeliveryIntoNewIsAMissAndTheNewMessageIsListed() throws Exception {
        box.take();
        String name = new MaildirDelivery().deliver(box.maildir(),
                new ByteArrayInputStream(message("late").getBytes(StandardCharsets.UTF_8)));

        List<Listed> after = box.take();

        assertEquals(0, box.hits());
        assertEquals(13, after.size());
        assertTrue(after.stream().anyMatch(m -> m.path().equals(box.maildir().resolve("new").resolve(name))));
        assertEquals(box.fullScan(), after);
    }

    @Test
    void aFlagChangeInCurIsAMissAndThePathIsTheNewOne() throws Exception {
        box.take();
        Path old = box.maildir().resolve("cur/1700000012.M2P1.host,S=40,W=102:2,S");
        Path renamed = box.maildir().resolve("cur/1700000012.M2P1.host,S=40,W=102:2,RS");
        Files.move(old, renamed);

        List<Listed> after = box.take();

        assertEquals(0, box.hits());
        assertEquals(renamed, after.stream().filter(m -> m.base().equals("1700000012.M2P1.host,S=40,W=102"))
                .findFirst().orElseThrow().path());
        assertEquals(box.fullScan(), after);
    }

    @Test
    void aDeleteThroughTheStoreIsAMissAndTheMessagesAreGone() throws Exception {
        MaildirStore store = new MaildirStore(box.root(), box.cache);
        List<MessageInfo> seen = Fixture.list(store);
        assertEquals(1, store.counters().listingWrites().sum());
        try (Maildrop drop = Fixture.open(store)) {
            List<MessageInfo> infos = drop.list();
            assertEquals(1, store.counters().listingHits().sum());
            drop.delete(List.of(infos.get(0), infos.get(5)));
        }

        List<MessageInfo> after = Fixture.list(store);

        assertEquals(1, store.counters().listingHits().sum(), "the delete changed the directories");
        assertEquals(10, after.size());
        List<String> expected = new ArrayList<>(Fixture.uids(seen));
        expected.remove(5);
        expected.remove(0);
        assertEquals(expected, Fixture.uids(after));
    }

    @Test
    void directoriesChangedWithinTwoSecondsOfTheScanAreNotTrusted() throws Exception {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        ListingCache fixed = new ListingCache(BigMaildir.MIN, Clock.fixed(now, ZoneOffset.UTC));
        Files.setLastModifiedTime(box.maildir().resolve("new"), FileTime.from(now.minusMillis(1500)));

        MaildirListing.take(box.maildir(), box.uidlists, fixed, box.counters);
        assertEquals(0, box.writes());
        assertFalse(Files.exists(box.file()), "a change in the same tick as the scan could go unseen");

        Files.setLastModifiedTime(box.maildir().resolve("new"), FileTime.from(now.minusSeconds(3)));
        MaildirListing.take(box.maildir(), box.uidlists, fixed, box.counters);
        assertEquals(1, box.writes());

        MaildirListing.take(box.maildir(), box.uidlists, fixed, box.counters);
        assertEquals(1, box.hits());
    }

    @Test
    void aJournalMeansNoCacheEvenWhenTheKeyMatches() throws Exception {
        List<Listed> first = box.take();
        // A committed delete of message 2 whose session stopped after the unlink, before removing its
        // journal. The cache is then re-keyed to the directories' present stamps, so that only the journal
        // tells it is out of date (as when stamps cannot: an unlink that failed, a change within one tick).
        String base = "1700000012.M2P1.host,S=40,W=102";
        Files.delete(box.maildir().resolve("cur/" + base + ":2,S"));
        Files.write(box.maildir().resolve(DeleteJournal.PREFIX + "1700000000.pending"),
                Fixture.recordFile(DeleteJournal.HEADER, List.of(NameCodec.encode(base))));
        ListingFile.write(box.maildir(), ListingKey.of(box.maildir()), first);

        List<Listed> after = box.take();

        assertEquals(0, box.hits());
        assertEquals(11, after.size());
        assertTrue(after.stream().noneMatch(m -> m.base().equals(base)), "committed as removed: never listed");
    }

    @Test
    void belowTheThresholdNoFileIsWrittenAndAnOldOneIsRemoved() throws Exception {
        box.take();
        assertTrue(Files.exists(box.file()));
        MaildirStore store = new MaildirStore(box.root(), box.cache);
        try (Maildrop drop = Fixture.open(store)) {
            List<MessageInfo> infos = drop.list();
            drop.delete(infos.subList(0, 3)); // 9 left, below 10
        }
        box.age();

        assertEquals(9, box.take().size());
        box.take();

        assertFalse(Files.exists(box.file()), "a maildir too small for a cache keeps no file");
        assertEquals(1, box.hits() + store.counters().listingHits().sum(), "only the store's first list() was a hit");
    }
}
