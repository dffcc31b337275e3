// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** Delivers one byte per read, as a slow network would. */
    private static InputStream trickle(byte[] data) {
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= data.length) return -1;
                b[off] = data[pos++];
                return 1;
            }
        };
    }

    private static LineReader reader(String s) {
        return new LineReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), Limits.MAX_COMMAND_OCTETS);
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void crlfAndBareLfBothEndALine_protocol1() throws IOException {
        LineReader r = reader("STAT\r\nNOOP\nQUIT\r\n");
        assertEquals("STAT", str(r.readLine()));
        assertEquals("NOOP", str(r.readLine()));
        assertEquals("QUIT", str(r.readLine()));
        assertNull(r.readLine());
    }

    @Test
    void bareCrInsideALineIsNotALineEnd_protocol1() throws IOException {
        assertEquals("ST\rAT", str(reader("ST\rAT\r\n").readLine()));
    }

    @Test
    void unterminatedLastLineIsNeverReturned_protocol1() throws IOException {
        LineReader r = reader("STAT\r\nDELE 1");
        assertEquals("STAT", str(r.readLine()));
        assertNull(r.readLine(), "a partial command is never executed");
    }

    @Test
    void acceptsLinesOf255OctetsAndUpToTheCap_rfc2449section4() throws IOException {
        String l255 = "A".repeat(253);
        String lCap = "B".repeat(Limits.MAX_COMMAND_OCTETS - 2);
        LineReader r = new LineReader(trickle((l255 + "\r\n" + lCap + "\r\n").getBytes(StandardCharsets.US_ASCII)), Limits.MAX_COMMAND_OCTETS);
        assertEquals(l255, str(r.readLine()));
        assertEquals(lCap, str(r.readLine()));
    }

    @Test
    void lineOverTheCapFailsWithoutReadingPastIt_protocol1() {
        byte[] data = ("C".repeat(100_000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int[] consumed = {0};
        InputStream counting = new InputStream() {
            @Override
            public int read() {
                return consumed[0] < data.length ? data[consumed[0]++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = Math.min(len, data.length - consumed[0]);
                if (n <= 0) return -1;
                System.arraycopy(data, consumed[0], b, off, n);
                consumed[0] += n;
                return n;
            }
        };
        LineReader r = new LineReader(counting, Limits.MAX_COMMAND_OCTETS);
        assertThrows(LineTooLongException.class, r::readLine);
        assertTrue(consumed[0] <= Limits.MAX_COMMAND_OCTETS, "read " + consumed[0] + " octets");
    }

    @Test
    void lineOneOctetOverTheCapIsRefused_protocol1() {
        LineReader r = reader("D".repeat(Limits.MAX_COMMAND_OCTETS - 1) + "\r\n");
        assertThrows(LineTooLongException.class, r::readLine);
    }

    @Test
    void pipelinedLinesStayBufferedForTheNextCall_protocol1() throws IOException {
        LineReader r = reader("USER a\r\nPASS b\r\nSTA");
        assertEquals("USER a", str(r.readLine()));
        assertTrue(r.hasBufferedLine());
        assertEquals("PASS b", str(r.readLine()));
        assertFalse(r.hasBufferedLine(), "a partial line is not a whole line");
        assertEquals(3, r.buffered());
        r.discardBuffered();
        assertEquals(0, r.buffered());
    }
}
