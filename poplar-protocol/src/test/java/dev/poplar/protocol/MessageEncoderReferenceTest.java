// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 made the encoder scan eight bytes at a time and buffer its output; this checks it against a
 * plain byte-by-byte statement of the rules (protocol.md §1, RFC 1939 §3, §5, §7) on random messages
 * full of CR, LF and dots, cut into random chunks, so every position of a line end within a word and
 * across chunk edges is covered.
 */
class MessageEncoderReferenceTest {

    /** The rules, one byte at a time: CRLF line ends, lone CR kept, final line end added, dots stuffed, TOP cut. */
    static byte[] reference(byte[] message, boolean dotStuff, long topLines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        boolean inBody = false;
        long left = topLines;
        boolean done = false;
        int i = 0;
        while (i < message.length && !done) {
            byte c = message[i];
            if (lineStart && dotStuff && c == '.') out.write('.');
            boolean lineEnd = c == '\n' || (c == '\r' && i + 1 < message.length && message[i + 1] == '\n');
            if (!lineEnd) {
                out.write(c);
                lineStart = false;
                i++;
                continue;
            }
            i += c == '\r' ? 2 : 1;
            out.write('\r');
            out.write('\n');
            boolean empty = lineStart;
            lineStart = true;
            if (topLines >= 0) {
                if (inBody) {
                    if (--left <= 0) done = true;
                } else if (empty) {
                    inBody = true;
                    if (left == 0) done = true;
                }
            }
        }
        if (!done && !lineStart) {
            out.write('\r');
            out.write('\n');
        }
        if (dotStuff) out.writeBytes(new byte[] {'.', '\r', '\n'});
        return out.toByteArray();
    }

    private static byte[] encode(byte[] message, boolean dotStuff, long topLines, Random chunks) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageEncoder e = topLines < 0 ? MessageEncoder.whole(out, dotStuff) : MessageEncoder.top(out, dotStuff, topLines);
        int i = 0;
        while (i < message.length) {
            int n = Math.min(message.length - i, 1 + chunks.nextInt(40));
            e.write(message, i, n);
            i += n;
        }
        e.finish();
        return out.toByteArray();
    }

    @Test
    void eightBytesAtATimeAgreesWithTheRulesByteByByte_issue6() throws Exception {
        Random random = new Random(6);
        byte[] alphabet = {'\r', '\n', '.', 'a', 'b', ' ', (byte) 0xC3, '\r', '\n'};
        for (int round = 0; round < 3000; round++) {
            byte[] message = new byte[random.nextInt(200)];
            for (int i = 0; i < message.length; i++) message[i] = alphabet[random.nextInt(alphabet.length)];
            boolean stuff = random.nextBoolean();
            long top = random.nextInt(4) == 0 ? random.nextInt(4) : -1;
            byte[] expected = reference(message, stuff, top);
            int seed = round;
            assertArrayEquals(expected, encode(message, stuff, top, new Random(seed)), () -> "round " + seed);
            if (top < 0 && !stuff) {
                MessageEncoder sizer = MessageEncoder.sizer();
                sizer.write(message, 0, message.length);
                sizer.finish();
                assertEquals(expected.length, sizer.size(), "sizer, round " + round);
            }
        }
    }

    @Test
    void outputLargerThanTheBufferArrivesWholeAndInOrder_issue6() throws Exception {
        byte[] message = new byte[300_000];
        for (int i = 0; i < message.length; i++) message[i] = (byte) (i % 77 == 76 ? '\n' : i % 13 == 0 ? '.' : 'x');
        assertArrayEquals(reference(message, true, -1), encode(message, true, -1, new Random(1)));
    }
}
