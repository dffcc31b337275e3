// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.bytes;
import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.poplar.server.spi.MessageInfo;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Migration from Dovecot (protocol.md §3): clients keep the UIDLs Dovecot showed them. */
class DovecotUidlistTest {
    @TempDir
    Path root;

    private Path maildir;

    private static final String A = "1275660100.M1P1.mx,S=100";
    private static final String B = "1275660200.M2P2.mx,S=200";
    private static final String C = "1275660300.M3P3.mx,S=300";
    private static final String HEADER = "3 V1275660208 N30 G3085f01b7f11094c501100008c4a11c1\n";

    @BeforeEach
    void fill() {
        maildir = root.resolve(USER);
        put(maildir, "cur", A + ":2,S", message("a"));
        put(maildir, "cur", B + ":2,RS", message("b"));
        put(maildir, "new", C, message("c"));
    }

    private void uidlist(String text) throws Exception {
        Files.writeString(maildir.resolve(DovecotUidlist.FILE_NAME), text);
    }

    @Test
    void pFieldIsKeptAndOtherwiseDovecotsDefaultFormatIsUsed() throws Exception {
        // P: the UIDL Dovecot saved (pop3_save_uidl or a migration). Else pop3_uidl_format's default
        // %08Xu%08Xv: IMAP UID then UIDVALIDITY, each 8 upper-case hex digits.
        uidlist(HEADER + "25 P0001.legacy-uidl :" + A + "\n" + "26 G4f2e W999 :" + B + ":2,RS\n");

        List<MessageInfo> infos = Fixture.list(new MaildirStore(root));

        assertEquals(List.of("0001.legacy-uidl", "0000001A4C0907B0", C), Fixture.uids(infos));
    }

    @Test
    void wFieldGivesTheSizeWithoutReadingContent() throws Exception {
        uidlist(HEADER + "25 W4321 :" + A + "\n26 :" + B + "\n27 W7 :" + C + "\n");
        MaildirStore store = new MaildirStore(root);

        Fixture.assertSizes(Fixture.list(store), 4321, Fixture.wireSize(message("b")), 7);
        assertEquals(1, store.counters().contentReads().sum(), "only B, which has no W field");
    }

    @Test
    void messagesDovecotNumbersAfterTheTakeoverKeepTheIdsWeGaveThem() throws Exception {
        // Dovecot IMAP or LDA still runs beside us: a UID it assigns later was never shown over POP3.
        uidlist("3 V1275660208 N26\n25 :" + A + "\n");
        MaildirStore store = new MaildirStore(root);
        assertEquals(List.of("000000194C0907B0", B, C), Fixture.uids(Fixture.list(store)));

        Files.writeString(maildir.resolve(DovecotUidlist.FILE_NAME), "26 :" + B + "\n27 :" + C + "\n",
                StandardOpenOption.APPEND);

        assertEquals(List.of("000000194C0907B0", B, C), Fixture.uids(Fixture.list(store)));
    }

    @Test
    void importedUidlsSurviveTheUidlistBeingRemovedOrRebuilt() throws Exception {
        uidlist(HEADER + "25 :" + A + "\n26 Pkept :" + B + "\n");
        Fixture.list(new MaildirStore(root));

        uidlist("3 V999 N3\n1 :" + A + "\n2 :" + B + "\n"); // rebuilt: new UIDVALIDITY
        assertEquals(List.of("000000194C0907B0", "kept", C), Fixture.uids(Fixture.list(new MaildirStore(root))));

        Files.delete(maildir.resolve(DovecotUidlist.FILE_NAME));
        assertEquals(List.of("000000194C0907B0", "kept", C), Fixture.uids(Fixture.list(new MaildirStore(root))));
    }

    @Test
    void aUidlistAppearingAfterWeStartedIsNotImported() throws Exception {
        Fixture.list(new MaildirStore(root)); // first listing: no uidlist, our ids are what clients saw
        uidlist(HEADER + "25 :" + A + "\n");

        assertEquals(List.of(A, B, C), Fixture.uids(Fixture.list(new MaildirStore(root))));
    }

    @Test
    void unsendablePValueFallsBackToOurOwnId() throws Exception {
        uidlist(HEADER + "25 P" + "x".repeat(80) + " :" + A + "\n");

        assertEquals(A, Fixture.list(new MaildirStore(root)).get(0).uid());
    }

    @Test
    void uidlistIsParsedOnceUntilItChanges() throws Exception {
        uidlist(HEADER + "25 :" + A + "\n");
        MaildirStore store = new MaildirStore(root);
        Fixture.list(store);
        Fixture.list(store);
        assertEquals(1, store.uidlists().parses());

        Files.writeString(maildir.resolve(DovecotUidlist.FILE_NAME), "26 :" + B + "\n", StandardOpenOption.APPEND);
        Fixture.list(store);
        assertEquals(2, store.uidlists().parses());
    }

    @Test
    void parserReadsHeaderFieldsInAnyOrderAndFileNamesWithSpaces() throws Exception {
        DovecotUidlist list = DovecotUidlist.parse(new ByteArrayInputStream(bytes(
                "3 G00ff N9 V42 X1\n7 W10 P:colon G1 :odd name:2,S\n8 :plain\n")));

        assertEquals(42, list.uidValidity());
        assertEquals(9, list.nextUid());
        assertEquals(new DovecotUidlist.Entry(7, ":colon", 10), list.entries().get("odd name"));
        assertEquals(new DovecotUidlist.Entry(8, null, -1), list.entries().get("plain"));
    }

    @Test
    void malformedMessageLinesAreSkippedOthersKept() throws Exception {
        DovecotUidlist list = DovecotUidlist.parse(new ByteArrayInputStream(bytes("3 V1 N5\n"
                + "0 :zero-uid\n" + "4294967296 :uid-too-big\n" + "x :not-a-number\n" + "5 W1 no-colon\n"
                + "6 :\n" + "7 :a/b\n" + "8 Wabc :bad-vsize\n" + "9 :good\n" + "10 :partial-last-line")));

        assertEquals(List.of("bad-vsize", "good"), list.entries().keySet().stream().sorted().toList());
        assertEquals(-1, list.entries().get("bad-vsize").virtualSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1 1275660208 30\n1 :x\n", "3 N30\n", "3 V0\n", "3 V4294967296\n",
            "3 Vabc\n", "garbage"})
    void malformedHeaderMakesTheWholeFileIgnored(String text) throws Exception {
        assertThrows(MalformedFileException.class,
                () -> DovecotUidlist.parse(new ByteArrayInputStream(bytes(text))));
        uidlist(text);
        assertEquals(List.of(A, B, C), Fixture.uids(Fixture.list(new MaildirStore(root))));
    }

    @Test
    void overlongLineMakesTheWholeFileIgnored() throws Exception {
        uidlist(HEADER + "25 :" + A + "\n26 P" + "x".repeat(DovecotUidlist.MAX_LINE) + " :" + B + "\n");

        assertEquals(List.of(A, B, C), Fixture.uids(Fixture.list(new MaildirStore(root))));
    }

    @Test
    void symlinkedUidlistIsNotFollowed() throws Exception {
        Path elsewhere = Files.writeString(root.resolve("elsewhere"), HEADER + "25 :" + A + "\n");
        Files.createSymbolicLink(maildir.resolve(DovecotUidlist.FILE_NAME), elsewhere);

        assertNull(new UidlistCache().get(maildir));
    }
}
