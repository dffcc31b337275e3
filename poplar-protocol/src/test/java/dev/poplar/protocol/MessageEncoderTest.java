// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageEncoderTest {

    private static String encode(String stored, boolean stuff, long top, int chunk) throws IOException {
        byte[] in = stored.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageEncoder e = top < 0 ? MessageEncoder.whole(out, stuff) : MessageEncoder.top(out, stuff, top);
        for (int i = 0; i < in.length && !e.isComplete(); i += chunk) e.write(in, i, Math.min(chunk, in.length - i));
        e.finish();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String retr(String stored) throws IOException {
        return encode(stored, true, -1, Integer.MAX_VALUE);
    }

    @Test
    void bareLfBecomesCrlfAndAFinalLineEndIsAdded_protocol1() throws IOException {
        assertEquals("a\r\nb\r\n.\r\n", retr("a\nb"));
        assertEquals("a\r\nb\r\n.\r\n", retr("a\r\nb\r\n"));
    }

    @Test
    void everyLineStartingWithADotIsStuffedIncludingALoneDot_rfc1939section3() throws IOException {
        assertEquals("..\r\n...x\r\n..start\r\nmid.dle\r\n.\r\n", retr(".\n..x\r\n.start\nmid.dle"));
    }

    @Test
    void loneCrIsDataNotALineEnd_protocol1() throws IOException {
        assertEquals("a\rb\r\n..c\r\n.\r\n", retr("a\rb\n.c"));
        // A line whose first octet is a lone CR does not begin with '.', so it is not stuffed.
        assertEquals("a\r\n\r.c\r\n.\r\n", retr("a\n\r.c"));
        assertEquals("x\r\r\n.\r\n", retr("x\r"));
    }

    @Test
    void emptyMessageIsJustTheTerminator() throws IOException {
        assertEquals(".\r\n", retr(""));
        assertEquals(0, MessageEncoder.wireSize(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void outputDoesNotDependOnHowInputIsChunked() throws IOException {
        String msg = "Subject: x\n\n.\r\n..\r\rz\r\n\n.end\r";
        String whole = retr(msg);
        for (int chunk = 1; chunk <= 5; chunk++) assertEquals(whole, encode(msg, true, -1, chunk), "chunk " + chunk);
    }

    @Test
    void wireSizeIsTheRetrLengthBeforeStuffing_rfc1939section5() throws IOException {
        String msg = "Subject: x\n\n.\n..y\nlast";
        long size = MessageEncoder.wireSize(new ByteArrayInputStream(msg.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("Subject: x\r\n\r\n.\r\n..y\r\nlast\r\n".length(), size);
        assertEquals(size, encode(msg, false, -1, 3).length());
    }

    @Test
    void topZeroIsTheHeaderAndTheEmptyLine_rfc1939section7() throws IOException {
        String msg = "A: 1\nB: 2\n\nbody1\nbody2\n";
        assertEquals("A: 1\r\nB: 2\r\n\r\n.\r\n", encode(msg, true, 0, 4));
        assertEquals("A: 1\r\nB: 2\r\n\r\nbody1\r\n.\r\n", encode(msg, true, 1, 1));
        assertEquals("A: 1\r\nB: 2\r\n\r\nbody1\r\nbody2\r\n.\r\n", encode(msg, true, 99, 100));
    }

    @Test
    void topStuffsDotsInTheBodyLinesItSends() throws IOException {
        assertEquals("H: v\r\n\r\n..\r\n.\r\n", encode("H: v\n\n.\nrest\n", true, 1, 2));
    }

    @Test
    void topOfAMessageWithoutBodySendsTheWholeHeader() throws IOException {
        assertEquals("H: v\r\nG: w\r\n.\r\n", encode("H: v\nG: w", true, 0, 1));
    }

    @Test
    void topReportsCompletionSoTheCallerStopsReading() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageEncoder e = MessageEncoder.top(out, true, 0);
        byte[] head = "H: v\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        e.write(head, 0, head.length);
        assertTrue(e.isComplete());
    }
}
