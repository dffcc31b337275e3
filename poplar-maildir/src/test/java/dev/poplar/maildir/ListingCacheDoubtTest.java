// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.maildir.MaildirListing.Listed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing cache is never trusted more than the directories: a damaged or forged file, or a change
 * to the index or to Dovecot's uidlist, means a full scan.
 */
class ListingCacheDoubtTest {
    @TempDir
    Path root;

    private BigMaildir box;

    @BeforeEach
    void fill() throws Exception {
        box = new BigMaildir(root);
    }

    @Test
    void aTruncatedFileIsIgnoredWithOneWarningAndRebuilt() throws Exception {
        List<Listed> first = box.take();
        byte[] whole = Files.readAllBytes(box.file());
        Files.write(box.file(), Arrays.copyOf(whole, whole.length / 2));

        List<Listed> after;
        try (Warnings warnings = new Warnings()) {
            after = box.take();
            assertEquals(1, warnings.count());
        }

        assertEquals(0, box.hits());
        assertEquals(first, after);
        assertEquals(2, box.writes(), "the full scan wrote a good file again");
        assertEquals(first, box.take());
        assertEquals(1, box.hits());
    }

    @Test
    void aHandEditedRecordWithAnUnchangedKeyIsCaughtByTheChecksum() throws Exception {
        List<Listed> first = box.take();
        String text = Files.readString(box.file());
        // The size of the W=102 message, edited without updating the trailer.
        String edited = text.replace("\n102 1700000012 cur ", "\n999 1700000012 cur ");
        assertNotEquals(text, edited);
        Files.writeString(box.file(), edited);

        List<Listed> after = box.take();

        assertEquals(0, box.hits());
        assertEquals(first, after);
        assertEquals(102, after.stream().filter(m -> m.base().startsWith("1700000012.")).findFirst().orElseThrow().size());
    }

    @Test
    void aForgedFileWithAGoodChecksumCannotNameAPathOutsideCurAndNew() throws Exception {
        box.take();
        Files.writeString(box.root().resolve("secret"), "not mail\n");
        List<String> records = BigMaildir.records(box.file());
        // A name that climbs out of cur/ (a dot name such as "../x" is refused as a dot file already).
        records.set(2, "10 1700000011 cur 1700000011.M1P1.host/../../../secret");
        Files.write(box.file(), Fixture.recordFile(ListingFile.HEADER, records));

        List<Listed> after = box.take();

        assertEquals(0, box.hits());
        assertEquals(box.fullScan(), after);
        assertTrue(after.stream().noneMatch(m -> m.path().toString().contains("secret")));
    }

    @Test
    void aForgedFileWithDuplicateIdsIsNotUsed() throws Exception {
        box.take();
        List<String> records = BigMaildir.records(box.file());
        // Message 2 claims message 1's base name as its explicit id.
        records.set(3, records.get(3) + " 1700000011.M1P1.host");
        Files.write(box.file(), Fixture.recordFile(ListingFile.HEADER, records));

        List<Listed> after = box.take();

        assertEquals(0, box.hits());
        assertEquals(box.fullScan(), after);
    }

    @Test
    void aChangedIndexIsAMissAndItsIdsAreListed() throws Exception {
        box.take();
        // Another writer (or an older Poplar) recorded an id for a message: the index outranks the name.
        String base = "1700000012.M2P1.host,S=40,W=102";
        Path index = box.maildir().resolve(MaildirIndex.FILE_NAME);
        List<String> records = BigMaildir.records(index);
        records.add(NameCodec.encode(base) + " uKEPT-ID");
        Files.write(index, Fixture.recordFile(MaildirIndex.HEADER, records));

        List<Listed> after = box.take();

        assertEquals(0, box.hits());
        assertEquals("KEPT-ID", after.stream().filter(m -> m.base().equals(base)).findFirst().orElseThrow().uid());
        assertEquals(box.fullScan(), after);
    }

    @Test
    void aListingMadeWithoutItsIndexIsNotKept() throws Exception {
        box.take();
        // The index cannot be read (not malformed: unreadable, as with a permission problem). The listing
        // goes on without it, but must not be kept: the index may hold ids that it lacks, and once the
        // index is readable again (chmod leaves its stamp as it was) the full scan would list those.
        Path index = box.maildir().resolve(MaildirIndex.FILE_NAME);
        Files.move(index, root.resolve("index-aside"));
        Files.createDirectory(index);

        List<Listed> without = box.take();

        assertEquals(12, without.size());
        assertEquals(0, box.hits());
        assertEquals(1, box.writes(), "only the first, complete listing was written");
    }

    @Test
    void aChangedUidlistIsAMiss() throws Exception {
        Path uidlist = box.maildir().resolve(DovecotUidlist.FILE_NAME);
        Files.writeString(uidlist, "3 V1700000000 N3\n1 :1700000011.M1P1.host\n2 :1700000012.M2P1.host,S=40,W=102:2,S\n");
        List<Listed> first = box.take();
        assertEquals(String.format("%08X%08X", 1, 1700000000L), first.get(0).uid(), "Dovecot's UIDL, imported");
        assertEquals(first, box.take());
        assertEquals(1, box.hits());

        // Dovecot appends a line when it numbers a message.
        Files.writeString(uidlist, "3 :1700000013.M3P1.host\n", StandardOpenOption.APPEND);
        List<Listed> after = box.take();

        assertEquals(1, box.hits());
        assertEquals(box.fullScan(), after);
    }

    /** Counts WARNING records of the listing cache's logger while open. */
    private static final class Warnings extends Handler implements AutoCloseable {
        // A strong reference: java.util.logging holds loggers weakly.
        private final Logger logger = Logger.getLogger(ListingCache.class.getName());
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        Warnings() {
            logger.addHandler(this);
        }

        long count() {
            return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).count();
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
