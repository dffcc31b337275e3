// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of file names for our line-based files, so that a name with a space, a newline or
 * any other byte fits on one line as printable ASCII. Stateless.
 */
final class NameCodec {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private NameCodec() {}

    /** Encodes every UTF-8 byte outside 0x21-0x7E, and {@code %} itself, as {@code %XX}. */
    static String encode(String name) {
        if (isPlain(name)) return name; // nothing to escape: the usual case, 100,000 times per listing cache
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length + 8);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c >= 0x21 && c <= 0x7E && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes what {@link #encode} wrote; {@code null} for anything it could not have written (the files
     * are outside input and are parsed strictly).
     */
    static String decode(String encoded) {
        if (encoded.isEmpty()) return null;
        // Most names need no escape, and a string of 0x21-0x7E without % decodes to itself: skip the
        // byte buffer and the UTF-8 decoder (a big maildir's listing cache decodes 100,000 names a login).
        if (isPlain(encoded)) return encoded;
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) return null;
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c >= 0x21 && c <= 0x7E) {
                bytes.put((byte) c);
            } else {
                return null;
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether {@link #encode} leaves this name as it is (0x21-0x7E, no {@code %}). */
    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '%') return false;
        }
        return true;
    }
}
