// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes a unique-id into one space-free, printable-ASCII token for the state file and
 * journal. Real servers send UIDs with spaces, {@code #}, {@code @} and non-ASCII bytes (research
 * notes §1b: fetchmail, MailKit, Commons Net and Thunderbird split on spaces and lose or merge them),
 * so a UID is never split and never trimmed: its UTF-8 bytes are written as they are when in
 * {@code !}..{@code ~} other than {@code %}, else as {@code %XX}. Stateless; thread-safe.
 */
final class UidCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UidCodec() {}

    static String encode(String uid) {
        if (uid.isEmpty()) throw new IllegalArgumentException("empty unique-id");
        byte[] bytes;
        try {
            bytes = toBytes(StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(uid)));
        } catch (CharacterCodingException e) {
            // A lone surrogate would be stored as '?' and come back as another UID: refuse it.
            throw new IllegalArgumentException("unique-id is not valid Unicode", e);
        }
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c > ' ' && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException when the token is not something {@link #encode} wrote */
    static String decode(String token) {
        if (token.isEmpty()) throw new IllegalArgumentException("empty unique-id");
        ByteBuffer bytes = ByteBuffer.allocate(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '%') {
                if (i + 2 >= token.length()) throw new IllegalArgumentException("bad escape in " + token);
                int hi = Character.digit(token.charAt(i + 1), 16);
                int lo = Character.digit(token.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new IllegalArgumentException("bad escape in " + token);
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c > ' ' && c < 0x7f) {
                bytes.put((byte) c);
            } else {
                throw new IllegalArgumentException("bad character in " + token);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("unique-id is not UTF-8: " + token, e);
        }
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
