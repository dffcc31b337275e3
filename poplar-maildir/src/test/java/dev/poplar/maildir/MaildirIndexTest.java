// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.bytes;
import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size index: computed once, reused, crash-safe, and distrusted when damaged. */
class MaildirIndexTest {
    @TempDir
    Path root;

    private Path maildir;
    private String a = message("a");
    private String b = "Subject: b\r\n\r\nalready crlf\r\n";
    private String c = message("c") + "more\nlines\n";

    @BeforeEach
    void fill() {
        maildir = root.resolve(USER);
        put(maildir, "new", "1700000001.a.host", a);
        put(maildir, "cur", "1700000002.b.host:2,S", b);
        put(maildir, "cur", "1700000003.c.host:2,", c);
    }

    private Path index() {
        return maildir.resolve(MaildirIndex.FILE_NAME);
    }

    @Test
    void indexIsWrittenOnFirstListingAndASecondLoginReadsNoContent() throws Exception {
        MaildirStore first = new MaildirStore(root);
        Fixture.assertSizes(Fixture.list(first), Fixture.wireSize(a), Fixture.wireSize(b), Fixture.wireSize(c));
        assertEquals(3, first.counters().contentReads().sum());
        assertTrue(Files.isRegularFile(index()));

        // A fresh store instance (a restart) and the same one: neither opens a message.
        MaildirStore second = new MaildirStore(root);
        Fixture.assertSizes(Fixture.list(second), Fixture.wireSize(a), Fixture.wireSize(b), Fixture.wireSize(c));
        Fixture.list(first);
        assertEquals(0, second.counters().contentReads().sum());
        assertEquals(3, first.counters().contentReads().sum());
    }

    @Test
    void indexedSizeIsUsedEvenWhenTheFileContentChanged() throws Exception {
        // Proof that the second listing takes the size from the index, not from the file.
        Fixture.list(new MaildirStore(root));
        Files.writeString(maildir.resolve("new/1700000001.a.host"), a + "grown\n".repeat(100));

        Fixture.assertSizes(Fixture.list(new MaildirStore(root)),
                Fixture.wireSize(a), Fixture.wireSize(b), Fixture.wireSize(c));
    }

    @Test
    void unchangedIndexIsNotRewritten() throws Exception {
        MaildirStore store = new MaildirStore(root);
        Fixture.list(store);
        Object inode = Files.readAttributes(index(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        Fixture.list(store);
        Fixture.list(store);

        assertEquals(1, store.counters().indexWrites().sum());
        assertEquals(inode, Files.readAttributes(index(), java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    }

    @Test
    void entriesOfVanishedMessagesAreDroppedAndNewOnesAdded() throws Exception {
        MaildirStore store = new MaildirStore(root);
        Fixture.list(store);
        Files.delete(maildir.resolve("cur/1700000002.b.host:2,S"));
        put(maildir, "new", "1700000004.d.host", message("d"));

        Fixture.list(store);

        MaildirIndex index = MaildirIndex.read(maildir);
        assertNotNull(index);
        assertEquals(java.util.Set.of("1700000001.a.host", "1700000003.c.host", "1700000004.d.host"),
                index.entries().keySet());
        assertEquals(2, store.counters().indexWrites().sum());
    }

    @Test
    void namesThatNeedEncodingRoundTripThroughTheIndex() throws Exception {
        put(maildir, "new", "1700000005.sp ace%\u00e9\n.host", message("e"));
        MaildirStore store = new MaildirStore(root);
        Fixture.list(store);
        long reads = store.counters().contentReads().sum();

        Fixture.list(store);

        assertEquals(reads, store.counters().contentReads().sum());
        assertNotNull(MaildirIndex.read(maildir).entries().get("1700000005.sp ace%\u00e9\n.host"));
    }

    @Test
    void writingTheIndexLeavesNoTemporaryFiles() throws Exception {
        Fixture.list(new MaildirStore(root));
        assertEquals(List.of("cur", "new", MaildirIndex.FILE_NAME, "tmp"), Fixture.names(maildir));
    }

    @Test
    void staleTemporaryFilesFromACrashAreRemovedFreshOnesKept() throws Exception {
        Path stale = Files.writeString(maildir.resolve(RecordFile.TEMP_PREFIX + "stale"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(RecordFile.STALE_SECONDS + 60)));
        Path fresh = Files.writeString(maildir.resolve(RecordFile.TEMP_PREFIX + "fresh"), "x");

        Fixture.list(new MaildirStore(root));

        assertTrue(Files.notExists(stale));
        assertTrue(Files.exists(fresh), "may belong to a writer still at work");
    }

    static Stream<Arguments> damagedIndexes() {
        String header = MaildirIndex.HEADER;
        byte[] valid = Fixture.recordFile(header, List.of("import 0 0", "1700000001.a.host s1"));
        byte[] badCrc = valid.clone();
        badCrc[valid.length - 3] = (byte) (badCrc[valid.length - 3] == '0' ? '1' : '0');
        return Stream.of(
                Arguments.of("garbage", bytes("\u0000\u0001binary garbage\n\n")),
                Arguments.of("empty", new byte[0]),
                Arguments.of("header only", bytes(header + "\n")),
                Arguments.of("wrong header", Fixture.recordFile("poplar-index 99", List.of("import 0 0"))),
                Arguments.of("truncated", bytes(header + "\nimport 0 0\n1700000001.a.host s1\n")),
                Arguments.of("bad checksum", badCrc),
                Arguments.of("wrong count", bytes(new String(valid).replace("end 2 ", "end 3 "))),
                Arguments.of("data after trailer", bytes(new String(valid) + "1700000002.b.host s1\n")),
                Arguments.of("line too long", Fixture.recordFile(header, List.of("import 0 0", "x".repeat(5000) + " s1"))),
                Arguments.of("size too large", Fixture.recordFile(header, List.of("import 0 0", "n s99999999999999999999"))),
                Arguments.of("negative size", Fixture.recordFile(header, List.of("import 0 0", "n s-5"))),
                Arguments.of("duplicate name", Fixture.recordFile(header, List.of("import 0 0", "n s1", "n s2"))),
                Arguments.of("bad encoding", Fixture.recordFile(header, List.of("import 0 0", "n%G1 s1"))),
                Arguments.of("no fields", Fixture.recordFile(header, List.of("import 0 0", "n"))),
                Arguments.of("unknown field", Fixture.recordFile(header, List.of("import 0 0", "n s1 z9"))),
                Arguments.of("missing import", Fixture.recordFile(header, List.of("n s1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedIndexes")
    void damagedIndexIsIgnoredAndRebuilt(String what, byte[] content) throws Exception {
        // The index is attacker-influenced input (Dovecot CVE-2019-7524): a damaged one is never trusted.
        Files.write(index(), content);

        Fixture.assertSizes(Fixture.list(new MaildirStore(root)),
                Fixture.wireSize(a), Fixture.wireSize(b), Fixture.wireSize(c));

        MaildirIndex rebuilt = MaildirIndex.read(maildir);
        assertNotNull(rebuilt, "rebuilt after: " + what);
        assertEquals(3, rebuilt.entries().size());
    }

    @Test
    void handWrittenValidIndexIsTrusted() throws Exception {
        // The documented format, written by hand: the store uses these sizes without reading content.
        Files.write(index(), Fixture.recordFile(MaildirIndex.HEADER, List.of("import 0 0",
                "1700000001.a.host s11", "1700000002.b.host s22", "1700000003.c.host s33")));
        MaildirStore store = new MaildirStore(root);

        Fixture.assertSizes(Fixture.list(store), 11, 22, 33);
        assertEquals(0, store.counters().contentReads().sum());
    }

    @Test
    void messagesNamedLikeIndexKeywordsDoNotBreakTheIndex() throws Exception {
        // A record must never be mistaken for the trailer or the import line, whatever a file is called.
        put(maildir, "new", "end", message("end"));
        put(maildir, "new", "import", message("import"));
        MaildirStore store = new MaildirStore(root);
        Fixture.list(store);
        long reads = store.counters().contentReads().sum();

        Fixture.list(store);

        assertEquals(reads, store.counters().contentReads().sum());
        assertEquals(1, store.counters().indexWrites().sum());
        assertEquals(5, MaildirIndex.read(maildir).entries().size());
    }

    @Test
    void missingIndexReadsAsNull() throws Exception {
        assertNull(MaildirIndex.read(maildir));
    }
}
