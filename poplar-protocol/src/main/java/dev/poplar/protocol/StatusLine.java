// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The first line of a POP3 response: {@code +OK} or {@code -ERR}, an optional response code, and text.
 * Immutable.
 *
 * @param ok   {@code true} for {@code +OK}
 * @param code the response code, or {@code null}
 * @param text human-readable text; never bytes that came from a client (protocol.md §1, ALPACA)
 */
public record StatusLine(boolean ok, ResponseCode code, String text) {

    public static StatusLine ok(String text) {
        return new StatusLine(true, null, text);
    }

    public static StatusLine err(String text) {
        return new StatusLine(false, null, text);
    }

    public static StatusLine err(ResponseCode code, String text) {
        return new StatusLine(false, code, text);
    }

    /**
     * The line in wire form with its CRLF. Control characters in the text become spaces, so no text can
     * split the line, and the line is cut to 512 octets (RFC 2449 §4).
     */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder(ok ? "+OK" : "-ERR");
        if (code != null) sb.append(" [").append(code.wire()).append(']');
        if (text != null && !text.isEmpty()) {
            sb.append(' ');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                sb.append(c < 0x20 || c == 0x7F ? ' ' : c);
            }
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        int max = Limits.MAX_STATUS_LINE_OCTETS - 2;
        int len = body.length;
        if (len > max) {
            len = max;
            // Do not cut a UTF-8 sequence in half: back up to the start of the last character.
            while (len > 0 && (body[len] & 0xC0) == 0x80) len--;
        }
        byte[] line = new byte[len + 2];
        System.arraycopy(body, 0, line, 0, len);
        line[len] = '\r';
        line[len + 1] = '\n';
        return line;
    }
}
