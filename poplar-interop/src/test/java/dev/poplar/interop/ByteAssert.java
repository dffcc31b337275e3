// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/** Byte-exact comparison whose failure shows where the bytes part, not two 2 MB dumps. */
final class ByteAssert {
    private static final int CONTEXT = 40;

    private ByteAssert() {}

    static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        int at = Arrays.mismatch(expected, actual);
        if (at < 0) return;
        fail(what + ": expected " + expected.length + " octets, got " + actual.length
                + "; first difference at offset " + at + "\n  expected: " + window(expected, at)
                + "\n  got:      " + window(actual, at));
    }

    /** The bytes around an offset, with CR, LF and non-ASCII bytes made visible. */
    static String window(byte[] b, int at) {
        StringBuilder sb = new StringBuilder();
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(b.length, at + CONTEXT);
        if (from > 0) sb.append("...");
        for (int i = from; i < to; i++) {
            if (i == at) sb.append('|');
            int c = b[i] & 0xFF;
            if (c == '\r') sb.append("\\r");
            else if (c == '\n') sb.append("\\n");
            else if (c < 0x20 || c > 0x7E) sb.append(String.format("\\x%02x", c));
            else sb.append((char) c);
        }
        if (at >= b.length) sb.append("|<end>");
        else if (to < b.length) sb.append("...");
        return sb.toString();
    }
}
