// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.bytes;
import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing: order, flags, unique-ids from names, sizes, what is not a message. */
class MaildirListingTest {
    @TempDir
    Path root;

    private MaildirStore store() {
        return new MaildirStore(root);
    }

    private Path maildir() {
        return root.resolve(USER);
    }

    @Test
    void listsCurAndNewOldestFirstByLeadingTimestampThenName() throws Exception {
        put(maildir(), "cur", "1700000300.a.host:2,S", message("3"));
        put(maildir(), "new", "1700000100.b.host", message("1"));
        put(maildir(), "cur", "1700000200.c.host:2,RS", message("2c"));
        put(maildir(), "new", "1700000200.a.host", message("2a"));
        put(maildir(), "cur", "handmade:2,", message("undated"));
        put(maildir(), "new", "999.z.host", message("0"));

        List<String> uids = Fixture.uids(Fixture.list(store()));

        // Numeric, not textual, time order: 999 is older than 1700000100; undated names come last.
        assertEquals(List.of("999.z.host", "1700000100.b.host", "1700000200.a.host", "1700000200.c.host",
                "1700000300.a.host", "handmade"), uids);
    }

    @Test
    void messagesOfOneSecondAreOrderedByTheirMicrosecondsAsNumbers() throws Exception {
        // protocol.md §2 numbers messages oldest first. Writers do not zero-pad M<microseconds>
        // (Postfix: <sec>.V<dev>I<inode>M<usec>.<host>), so M98000 is older than M120000.
        put(maildir(), "new", "1700000000.M120000P7Q2.host", message("later"));
        put(maildir(), "new", "1700000000.M98000P7Q1.host", message("earlier"));
        put(maildir(), "new", "1700000000.V801I42M5.host", message("earliest"));

        assertEquals(List.of("1700000000.V801I42M5.host", "1700000000.M98000P7Q1.host", "1700000000.M120000P7Q2.host"),
                Fixture.uids(Fixture.list(store())));
    }

    @Test
    void uidlIsTheBaseNameAndFlagsAreKeptOnDisk() throws Exception {
        put(maildir(), "cur", "1700000000.M1P2.host,S=10:2,FRS", message("x"));
        put(maildir(), "new", "1700000001.M1P2.host", message("y"));
        List<String> before = Fixture.names(maildir().resolve("cur"));

        try (Maildrop drop = Fixture.open(store())) {
            List<MessageInfo> infos = drop.list();
            assertEquals(List.of("1700000000.M1P2.host,S=10", "1700000001.M1P2.host"), Fixture.uids(infos));
            Fixture.read(drop, infos.get(0));
            Fixture.read(drop, infos.get(1));
        }

        // We never rename: flags stay as the IMAP server set them, new/ stays new/.
        assertEquals(before, Fixture.names(maildir().resolve("cur")));
        assertEquals(List.of("1700000001.M1P2.host"), Fixture.names(maildir().resolve("new")));
    }

    @Test
    void ignoresDotFilesDirectoriesSymlinksAndTmp() throws Exception {
        put(maildir(), "cur", "1700000000.real.host:2,", message("real"));
        put(maildir(), "cur", ".hidden", message("hidden"));
        put(maildir(), "new", ".1700000000.dot.host", message("dot"));
        put(maildir(), "tmp", "1700000000.inprogress.host", message("partial"));
        Files.createDirectories(maildir().resolve("cur/1700000000.dir.host"));
        Path secret = Files.writeString(root.resolve("secret"), "not mail\n");
        Files.createSymbolicLink(maildir().resolve("new/1700000000.link.host"), secret);

        assertEquals(List.of("1700000000.real.host"), Fixture.uids(Fixture.list(store())));
    }

    @Test
    void missingMaildirIsAnEmptyMaildropAndReadingCreatesNothing() throws Exception {
        assertTrue(Fixture.list(store()).isEmpty());
        assertFalse(Files.exists(maildir()), "listing must not create the maildir");
    }

    @Test
    void maildirWithoutCurOrNewIsEmpty() throws Exception {
        Files.createDirectories(maildir());
        assertTrue(Fixture.list(store()).isEmpty());
    }

    @Test
    void sizeComesFromDovecotWFieldWithoutReadingContent() throws Exception {
        // The W= value is Dovecot's CRLF size; we trust it rather than open the file.
        put(maildir(), "new", "1700000000.M1.host,S=5,W=1234", message("any"));
        put(maildir(), "cur", "1700000001.M1.host,S=5,W=77:2,S", message("any"));
        MaildirStore store = store();

        Fixture.assertSizes(Fixture.list(store), 1234, 77);
        assertEquals(0, store.counters().contentReads().sum());
    }

    @Test
    void sizeOfLfAndCrlfFilesIsTheirExactCrlfWireSize() throws Exception {
        String lf = "Subject: lf\n\nline one\nline two\n";
        String crlf = "Subject: crlf\r\n\r\nline one\r\nline two\r\n";
        String noFinalNewline = "Subject: x\n\nno newline at end";
        String loneCr = "Subject: cr\n\na\rb\n";
        String mixed = "Subject: m\r\n\nx\r\ny\n";
        put(maildir(), "new", "1700000001.lf.host", lf);
        put(maildir(), "new", "1700000002.crlf.host", crlf);
        put(maildir(), "new", "1700000003.nonl.host", noFinalNewline);
        put(maildir(), "new", "1700000004.cr.host", loneCr);
        put(maildir(), "new", "1700000005.mixed.host", mixed);

        List<MessageInfo> infos = Fixture.list(store());

        Fixture.assertSizes(infos, Fixture.wireSize(lf), Fixture.wireSize(crlf), Fixture.wireSize(noFinalNewline),
                Fixture.wireSize(loneCr), Fixture.wireSize(mixed));
        assertEquals(lf.length() + 4, infos.get(0).size(), "each LF counts as CRLF");
        assertEquals(crlf.length(), infos.get(1).size(), "CRLF files are their own size");
    }

    @Test
    void openServesTheStoredBytesUnchanged() throws Exception {
        byte[] content = bytes("Subject: raw\n\n\u00e9\r\u0000 bytes\n");
        put(maildir(), "new", "1700000000.raw.host", content);
        try (Maildrop drop = Fixture.open(store())) {
            assertArrayEquals(content, Fixture.read(drop, drop.list().get(0)));
        }
    }

    @Test
    void scanFindsAMessageMovedFromNewToCurBetweenReads() throws Exception {
        // readdir may miss a file renamed during the read; reading cur, new, cur again means a message
        // moved new -> cur after the first cur read is still found.
        put(maildir(), "new", "1700000000.moving.host", message("m"));
        put(maildir(), "cur", "1700000001.staying.host:2,S", message("s"));

        Map<String, Path> found = MaildirScanner.scan(maildir(), pass -> {
            if (pass == 0) move("new/1700000000.moving.host", "cur/1700000000.moving.host:2,S");
        });

        assertEquals(maildir().resolve("cur/1700000000.moving.host:2,S"), found.get("1700000000.moving.host"));
        assertEquals(2, found.size());
    }

    @Test
    void scanKeepsTheLatestPathOfAMessageSeenTwice() throws Exception {
        put(maildir(), "new", "1700000000.moving.host", message("m"));
        Files.createDirectories(maildir().resolve("cur"));

        Map<String, Path> found = MaildirScanner.scan(maildir(), pass -> {
            if (pass == 1) move("new/1700000000.moving.host", "cur/1700000000.moving.host:2,");
        });

        assertEquals(Map.of("1700000000.moving.host", maildir().resolve("cur/1700000000.moving.host:2,")), found);
    }

    private void move(String from, String to) {
        try {
            Files.move(maildir().resolve(from), maildir().resolve(to));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
