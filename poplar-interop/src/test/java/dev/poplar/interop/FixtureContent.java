// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** Builds the bodies of the larger fixture messages. Deterministic: the same bytes on every run and JVM. */
final class FixtureContent {
    /** Target size of the large message: big enough to span many server buffers and TCP windows. */
    static final int LARGE_SIZE = 2 * 1024 * 1024;
    /**
     * Longest line in the large message, CRLF excluded: RFC 5322 §2.1.1's 998. Longer lines are legal
     * in POP3, but Python's poplib refuses lines over 2048 octets (its _MAXLINE), which would test
     * poplib rather than us.
     */
    static final int LONGEST_LINE = 998;

    private FixtureContent() {}

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** UTF-8 text, then every octet 0x80-0xFF raw (not valid UTF-8): protocol.md §1, 8-bit clean. */
    static byte[] eightBit() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("From: =?utf-8?q?J=C3=BCrgen?= <juergen@example.org>\r\n"
                + "To: alice@example.org\r\nSubject: 8-bit\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"));
        out.writeBytes("Grüße aus Köln, naïve café, Ελληνικά, 日本語, 📬\r\n".getBytes(StandardCharsets.UTF_8));
        for (int row = 0x80; row <= 0xFF; row += 0x20) {
            out.writeBytes(ascii("raw "));
            for (int b = row; b < row + 0x20; b++) out.write(b);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("end\r\n"));
        return out.toByteArray();
    }

    /** multipart/mixed with a text part and a base64 attachment of pseudo-random binary data. */
    static byte[] multipart() {
        byte[] attachment = new byte[6000];
        new Random(1939).nextBytes(attachment);
        // The MIME encoder wraps at 76 characters with CRLF (RFC 2045 §6.8).
        String encoded = Base64.getMimeEncoder().encodeToString(attachment);
        String boundary = "=_poplar_interop_boundary";
        return ascii("From: bob@example.org\r\nTo: alice@example.org\r\nSubject: attachment\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "This is a multi-part message in MIME format.\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "See the attached file.\r\n"
                + "--" + boundary + "\r\nContent-Type: application/octet-stream; name=\"data.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n\r\n"
                + encoded + "\r\n"
                + "--" + boundary + "--\r\n");
    }

    /**
     * About 2 MiB of lines from empty to {@value #LONGEST_LINE} octets, stored with CRLF. Some lines
     * begin with "." so that dot-stuffing happens all through the stream, across buffer boundaries.
     */
    static byte[] large() {
        Random random = new Random(110);
        ByteArrayOutputStream out = new ByteArrayOutputStream(LARGE_SIZE + 2048);
        out.writeBytes(ascii("From: bulk@example.org\r\nTo: alice@example.org\r\nSubject: large\r\n\r\n"));
        for (int line = 0; out.size() < LARGE_SIZE && line < 1_000_000; line++) {
            int length = switch (line % 7) {
                case 0 -> 0;
                case 1 -> LONGEST_LINE;
                case 2 -> 1;
                default -> random.nextInt(LONGEST_LINE + 1);
            };
            for (int i = 0; i < length; i++) {
                // Printable ASCII; every 13th line starts with '.', which the server must stuff.
                out.write(i == 0 && line % 13 == 0 ? '.' : 0x20 + random.nextInt(0x7F - 0x20));
            }
            out.writeBytes(ascii("\r\n"));
        }
        return out.toByteArray();
    }
}
