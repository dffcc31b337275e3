// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.maildir.MaildirListing.Listed;
import dev.poplar.protocol.Limits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code poplar-listing} format: every listing comes back as it was; nothing else is accepted. */
class ListingFileTest {
    @TempDir
    Path maildir;

    private ListingKey key;

    @BeforeEach
    void key() throws Exception {
        Files.createDirectories(maildir.resolve("cur"));
        key = ListingKey.of(maildir);
    }

    private Listed listed(String uid, long size, String sub, String name, Instant received) {
        return new Listed(uid, size, MaildirName.baseOf(name), maildir.resolve(sub).resolve(name), received);
    }

    @Test
    void everyKindOfEntryComesBackAsItWas() throws Exception {
        List<Listed> listing = List.of(
                listed("1700000000.a.host", 0, "new", "1700000000.a.host", Instant.ofEpochSecond(1700000000)),
                listed("1700000001.b.host,S=5,W=7", 7, "cur", "1700000001.b.host,S=5,W=7:2,FRS", Instant.ofEpochSecond(1700000001)),
                listed("0000000A6553F100", 12, "cur", "1700000002.imported.host:2,", Instant.ofEpochSecond(1700000002)),
                listed(UniqueIds.derived("1700000003.sp ace\tcaf\u00e9.host"), 99, "cur", "1700000003.sp ace\tcaf\u00e9.host:2,S",
                        Instant.ofEpochSecond(1700000003)),
                listed("1700000004.100%.host", 3, "new", "1700000004.100%.host", Instant.ofEpochSecond(1700000004)),
                listed("id with % in it".replace(' ', '_'), 4, "cur", "1700000005.x.host:2,", null),
                listed("no-info-part", MaildirIndex.MAX_SIZE, "cur", "no-info-part", null),
                listed("a:2,b", 1, "cur", "a:2,b:2,S", null)); // the first ":2," ends the base name
        assertTrue(ListingFile.write(maildir, key, listing));

        ListingFile.Read read = ListingFile.read(maildir, key.line());

        assertEquals(ListingFile.Outcome.VALID, read.outcome());
        assertEquals(listing, read.listed());
    }

    @Test
    void anotherKeyIsStaleAndNoFileIsMissing() throws Exception {
        assertEquals(ListingFile.Outcome.MISSING, ListingFile.read(maildir, key.line()).outcome());
        ListingFile.write(maildir, key, List.of(listed("1.x", 1, "cur", "1.x", null)));
        Files.setLastModifiedTime(maildir.resolve("cur"), FileTime.fromMillis(0));

        ListingFile.Read read = ListingFile.read(maildir, ListingKey.of(maildir).line());

        assertEquals(ListingFile.Outcome.STALE, read.outcome());
        assertNull(read.listed());
    }

    @Test
    void oneBaseNameListedTwiceIsRefused() throws Exception {
        // A scan finds each base name once (protocol.md §3: its id is the name): twice is not our file.
        Files.write(maildir.resolve(ListingFile.FILE_NAME), Fixture.recordFile(ListingFile.HEADER,
                List.of(key.line(), "messages 2", "1 - cur 1.x:2,S", "1 - new 1.x")));

        assertEquals(ListingFile.Outcome.MALFORMED, ListingFile.read(maildir, key.line()).outcome());
    }

    /**
     * Damage of every kind, with a good checksum (as a hand edit that fixes the trailer would have): the
     * parser never fails, and anything it accepts keeps every rule a scan keeps.
     */
    @Test
    void damagedRecordsWithAGoodChecksumAreRefusedOrHarmless() throws Exception {
        List<Listed> listing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "17000000" + (10 + i) + ".M" + i + ".host" + (i % 3 == 0 ? ",S=9,W=11:2,S" : "");
            String sub = i % 2 == 0 ? "cur" : "new";
            listing.add(listed(MaildirName.baseOf(name), 11, sub, name, Instant.ofEpochSecond(1700000010L + i)));
        }
        ListingFile.write(maildir, key, listing);
        Path file = maildir.resolve(ListingFile.FILE_NAME);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> body = lines.subList(1, lines.size() - 1);
        String alphabet = " \n-%/.:2,0123456789ScurnewxH\u00e9\u0000";
        Random random = new Random(42);
        int accepted = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder text = new StringBuilder(String.join("\n", body));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = key.line().length() + random.nextInt(text.length() - key.line().length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.deleteCharAt(at);
                }
            }
            Files.write(file, Fixture.recordFile(ListingFile.HEADER, List.of(text.toString().split("\n", -1))));

            ListingFile.Read read = ListingFile.read(maildir, key.line());

            if (read.outcome() == ListingFile.Outcome.VALID) {
                accepted++;
                assertKeepsTheRules(read.listed());
            }
        }
        assertTrue(accepted < 3000, "most damage is refused");
    }

    private void assertKeepsTheRules(List<Listed> listed) {
        Set<String> uids = new HashSet<>();
        Set<String> bases = new HashSet<>();
        for (Listed m : listed) {
            assertTrue(uids.add(m.uid()), "unique ids");
            assertTrue(bases.add(m.base()), "unique base names");
            assertTrue(Limits.isValidUniqueId(m.uid()), m.uid());
            Path dir = m.path().getParent();
            assertTrue(dir.equals(maildir.resolve("cur")) || dir.equals(maildir.resolve("new")), m.path().toString());
            String name = m.path().getFileName().toString();
            assertTrue(!name.startsWith(".") && name.indexOf('\0') < 0, name);
            assertEquals(MaildirName.baseOf(name), m.base());
            assertTrue(m.size() >= 0 && m.size() <= MaildirIndex.MAX_SIZE);
        }
    }
}
