// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.popstate;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.client.UidEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 5 `poplar popstate`: the file read and written as Thunderbird's nsPop3Protocol.cpp does. */
class PopstateFileTest {
    /** As Thunderbird writes it (net_pop3_write_state), two accounts. */
    static final String SAMPLE = """
            # POP3 State File
            # This is a generated file!  Do not edit.

            *pop.example.org alice
            k 000012a34f5b6c7d 1700000000
            d 000012a44f5b6c7e 1700000100
            f UID3-1700000200.host 1700000200
            b 1700000300.M1P2.mail,S=99999 1700000300
            *mail.example.net bob smith
            k 1 1600000000
            """;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesARealisticSample_issue5() {
        PopstateFile f = PopstateFile.parse(bytes(SAMPLE));
        assertEquals(List.of(), f.warnings());
        assertEquals(2, f.accounts().size());
        PopstateAccount a = f.accounts().get(0);
        assertEquals("pop.example.org", a.host());
        assertEquals("alice", a.user());
        assertEquals(List.of(new PopstateEntry('k', "000012a34f5b6c7d", 1700000000L),
                new PopstateEntry('d', "000012a44f5b6c7e", 1700000100L),
                new PopstateEntry('f', "UID3-1700000200.host", 1700000200L),
                new PopstateEntry('b', "1700000300.M1P2.mail,S=99999", 1700000300L)), a.entries());
        PopstateAccount b = f.accounts().get(1);
        assertEquals("bob smith", b.user(), "the user is the rest of the line, spaces included (bug 225332)");
        assertFalse(f.crlf());
    }

    @Test
    void roundTripsByteForByte_issue5() {
        assertEquals(SAMPLE, PopstateFile.parse(bytes(SAMPLE)).format());
        String windows = SAMPLE.replace("\n", "\r\n");
        PopstateFile w = PopstateFile.parse(bytes(windows));
        assertTrue(w.crlf());
        assertEquals(windows, w.format());
        String latin = SAMPLE.replace("bob smith", "j\u00fcrgen") + "k no-time\n";
        assertArrayEquals(bytes(latin), PopstateFile.parse(bytes(latin)).toBytes(), "any octets, missing time kept missing");
    }

    @Test
    void skipsWhatThunderbirdSkipsAndSaysSo_issue5() {
        String text = "k orphan 1\n"                      // before any account
                + "*pop.example.org alice\n"
                + "k\tuid-a\t1700000000\n"                 // tabs are spaces
                + "x uid-b 1\n"                            // unknown flag
                + "k\n"                                     // no uid
                + "k uid with spaces 5\n"                  // extra words; time = atoi("with") = 0
                + "k uid-c notanumber\n"                   // atoi -> 0
                + "k uid-a 1700000001\n"                   // repeat replaces
                + "*pop.example.org alice\n"               // same account again: merged
                + "keep uid-d\n";                          // only the first character counts, no time
        PopstateFile f = PopstateFile.parse(bytes(text));
        assertEquals(1, f.accounts().size());
        assertEquals(List.of(new PopstateEntry('k', "uid-a", 1700000001L), new PopstateEntry('k', "uid", 0L),
                new PopstateEntry('k', "uid-c", 0L), new PopstateEntry('k', "uid-d", null)), f.accounts().get(0).entries());
        assertEquals(8, f.warnings().size(), f.warnings().toString());
        assertTrue(f.warnings().get(0).startsWith("line 1:"), f.warnings().toString());
    }

    @Test
    void rebuildKeepsAllButTheNewestAndPreservesKnownEntries_issue5() {
        List<UidEntry> listing = List.of(new UidEntry(3, "u3"), new UidEntry(1, "u1"), new UidEntry(2, "u2 with space"),
                new UidEntry(4, "u4"), new UidEntry(5, "u5"));
        PopstateAccount previous = new PopstateAccount("h", "u", List.of(new PopstateEntry('d', "u1", 5L),
                new PopstateEntry('k', "gone", 6L), new PopstateEntry('k', "u5", 7L)));
        PopstateRebuild.Result r = PopstateRebuild.build("h", "u", listing, previous, 2, 1000);
        assertEquals(List.of(new PopstateEntry('d', "u1", 5L), new PopstateEntry('k', "u2", 1000L),
                new PopstateEntry('k', "u3", 1000L)), r.account().entries());
        assertEquals(3, r.kept());
        assertEquals(2, r.skipped());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertEquals(0, PopstateRebuild.build("h", "u", listing, null, 9, 1).kept());
    }
}
