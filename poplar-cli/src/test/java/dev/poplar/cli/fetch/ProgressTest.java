// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Issue 5: a progress bar on a terminal; quiet and log-friendly otherwise. */
class ProgressTest {

    /** A clock the test moves by hand. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);
    private final FakeClock clock = new FakeClock();

    @Test
    void terminalRedrawsOneLineWithCountBytesAndRate_issue5() {
        Progress p = new Progress(out, true, clock);
        p.start(4, -1);
        clock.advance(Duration.ofSeconds(1));
        p.message(850 * 1024);
        String s = text.toString();
        assertTrue(s.endsWith("\r[#####               ] 1/4 messages, 850 KB, 850 KB/s"), s);
        clock.advance(Duration.ofSeconds(1));
        p.message(2 * 1024 * 1024);
        assertTrue(text.toString().endsWith("\r[##########          ] 2/4 messages, 2.8 MB, 1.4 MB/s"), text.toString());
        assertFalse(text.toString().contains("\n"), "no newline while running");
        p.finish();
        p.close(); // idempotent
        assertTrue(text.toString().endsWith("1.4 MB/s\n") || text.toString().endsWith("1.4 MB/s" + System.lineSeparator()));
        assertEquals(1, text.toString().split("\n", -1).length - 1, "exactly one newline at the end");
    }

    @Test
    void shorterRedrawIsPaddedSoNoOldCharactersRemain_issue5() {
        Progress p = new Progress(out, true, clock);
        p.start(2, -1);
        clock.advance(Duration.ofSeconds(1));
        p.message(200 * 1024 * 1024); // 200 MB, 200 MB/s
        clock.advance(Duration.ofSeconds(999_999));
        p.message(0); // rate falls to 209 B/s: a shorter line
        String[] draws = text.toString().split("\r");
        String last = draws[draws.length - 1];
        String before = draws[draws.length - 2];
        assertTrue(last.length() >= before.length() && last.endsWith(" "), "padded: " + last + "|");
        assertTrue(last.stripTrailing().endsWith("2/2 messages, 200 MB, 209 B/s"), last);
    }

    @Test
    void barUsesBytesWhenTheTotalIsKnown_issue5() {
        Progress p = new Progress(out, true, clock);
        p.start(10, 1000);
        p.message(500);
        assertTrue(p.line().startsWith("[##########          ] 1/10 messages, 500 B, 0 B/s"), p.line());
    }

    @Test
    void notATerminalPrintsOnlyOneSummaryLine_issue5() {
        Progress p = new Progress(out, false, clock);
        p.start(3, -1);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMillis(500));
            p.message(1024 * 1024);
            assertEquals("", text.toString(), "nothing per message");
        }
        p.finish();
        p.finish();
        assertEquals("poplar fetch: 3 messages, 3.0 MB in 1.5 s, 2.0 MB/s" + System.lineSeparator(), text.toString());
    }

    @Test
    void notATerminalWithNothingFetchedStaysQuiet_issue5() {
        Progress p = new Progress(out, false, clock);
        p.start(0, -1);
        p.close();
        assertEquals("", text.toString());
        Progress t = new Progress(out, true, clock);
        t.start(0, -1);
        t.close();
        assertEquals("", text.toString());
        Progress.NONE.start(1, 1);
        Progress.NONE.message(1);
        Progress.NONE.finish();
    }

    @Test
    void sizes_issue5() {
        assertEquals("0 B", Progress.size(0));
        assertEquals("1023 B", Progress.size(1023));
        assertEquals("1.0 KB", Progress.size(1024));
        assertEquals("850 KB", Progress.size(850 * 1024));
        assertEquals("3.1 MB", Progress.size((long) (3.1 * 1024 * 1024)));
        assertEquals("2.0 GB", Progress.size(2L << 30));
    }
}
