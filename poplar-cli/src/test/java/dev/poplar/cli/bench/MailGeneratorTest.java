// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mix of message sizes, and the stability of what a seed makes. */
class MailGeneratorTest {
    private static final int KB = 1024, MB = 1024 * 1024;
    /** A message ends at most one text line (72 columns) or one base64 line past or short of its target. */
    private static final int SLACK = 200;

    @TempDir
    Path tmp;

    @Test
    void userMailIsMostlySmallAQuarterMediumAndAboutOnePercentLarge() {
        // As many messages as the default data set's user* mailboxes hold (200 x 20).
        DataSet.Mailbox box = new DataSet.Mailbox(DataSet.Kind.USER, "user0042", 4000);
        int small = 0, medium = 0, large = 0;
        for (int i = 0; i < box.messages(); i++) {
            int size = MailGenerator.message(box, i, Prng.of(1, box.name(), i), 1_700_000_000L).length;
            if (size >= 2 * KB && size <= 8 * KB + SLACK) small++;
            else if (size >= 20 * KB - SLACK && size <= 100 * KB) medium++;
            else if (size >= MB - SLACK && size <= 5 * MB) large++;
            else fail("message " + i + " has " + size + " bytes, in none of the three bands");
        }
        assertEquals(0.74, small / 4000.0, 0.03, "2-8 KB");
        assertEquals(0.25, medium / 4000.0, 0.03, "20-100 KB");
        assertTrue(large >= 16 && large <= 80, "about 1% of 1-5 MB: " + large);
    }

    @Test
    void bigboxAndProbeMessagesAreTwoToFourKilobytes() {
        for (DataSet.Kind kind : new DataSet.Kind[] {DataSet.Kind.BIGBOX, DataSet.Kind.PROBE}) {
            DataSet.Mailbox box = new DataSet.Mailbox(kind, kind.label(), 500);
            for (int i = 0; i < box.messages(); i++) {
                int size = MailGenerator.message(box, i, Prng.of(3, box.name(), i), 1_700_000_000L).length;
                assertTrue(size >= 2 * KB && size <= 4 * KB + SLACK, kind + " message " + i + ": " + size);
            }
        }
    }

    /**
     * A seed names one data set for good: if this changes, so do all data sets, and
     * {@link DataSet#GENERATOR_VERSION} must be bumped (and this value updated).
     */
    @Test
    void seedOneStillMakesTheSameFirstMessage() throws Exception {
        Path dir = tmp.resolve("data");
        assertEquals(0, Generated.run("bench", "generate", "--out", dir.toString(), "--users", "1", "--messages", "1",
                "--bigbox-messages", "0", "--big-message-mb", "0", "--idle-users", "0").status());
        assertEquals(1, DataSet.GENERATOR_VERSION);
        assertEquals("cur/1638587406.M974201P57073.bench,S=2855,W=2910:2,", Generated.files(dir.resolve("maildirs/user0001")).get(0));
        assertEquals("ry22Zxi4PAOIATCR", Credentials.password(1, "user0001"));
    }
}
