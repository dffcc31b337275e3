// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    private static String wire(StatusLine s) {
        return new String(s.encode(), StandardCharsets.UTF_8);
    }

    @Test
    void formatsStatusCodeAndText_rfc2449section8() {
        assertEquals("+OK 2 320\r\n", wire(StatusLine.ok("2 320")));
        assertEquals("+OK\r\n", wire(StatusLine.ok("")));
        assertEquals("-ERR [SYS/TEMP] try later\r\n", wire(StatusLine.err(ResponseCode.SYS_TEMP, "try later")));
        assertEquals("-ERR [UID/NOT-FOUND] x\r\n", wire(StatusLine.err(ResponseCode.UID_NOT_FOUND, "x")));
    }

    @Test
    void textCannotSplitTheLine_protocol1() {
        assertEquals("-ERR a  b c\r\n", wire(StatusLine.err("a\r\nb\u0000c")));
    }

    @Test
    void firstLineIsAtMost512Octets_rfc2449section4() {
        byte[] b = StatusLine.ok("é".repeat(600)).encode();
        assertEquals(512, b.length + (b.length == 511 ? 1 : 0), "length " + b.length);
        assertTrue(b.length <= Limits.MAX_STATUS_LINE_OCTETS);
        assertEquals('\n', b[b.length - 1]);
        // the cut never splits a UTF-8 character
        String s = new String(b, StandardCharsets.UTF_8);
        assertFalse(s.contains("\uFFFD"));
    }

    @Test
    void uniqueIdRules_rfc1939section7_protocol3() {
        assertTrue(Limits.isValidUniqueId("abc.123"));
        assertTrue(Limits.isValidUniqueId("x".repeat(70)));
        assertFalse(Limits.isValidUniqueId("x".repeat(71)));
        assertFalse(Limits.isValidUniqueId(""));
        assertFalse(Limits.isValidUniqueId("_"));
        assertTrue(Limits.isValidUniqueId("__"));
        assertFalse(Limits.isValidUniqueId("a b"));
        assertFalse(Limits.isValidUniqueId("é"));
    }
}
