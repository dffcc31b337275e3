// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes on one connection of the scripted server: command lines in, status lines and multi-line
 * bodies out, with the line end the faults ask for. Also the pure helpers that split a message into
 * lines and render them (dot-stuffed or not). Confined to one session thread.
 */
final class Wire {
    /** Longest command line accepted; a longer one ends the session (RFC 2449 section 4 says 255). */
    static final int MAX_COMMAND_LINE = 64 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final byte[] eol;

    Wire(Socket socket, boolean bareLf) throws IOException {
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.eol = bareLf ? new byte[] {'\n'} : new byte[] {'\r', '\n'};
    }

    /** One line without its LF or CRLF (UTF-8, so a password keeps its bytes), or null at EOF. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_COMMAND_LINE) throw new IOException("command line too long");
            line.write(b);
        }
    }

    /** Sends one line with the session's line end. */
    void line(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8), eol);
    }

    /** Sends a status line and {@code more} in one write (one TCP segment on loopback). */
    void lineThen(String text, byte[] more) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8), eol, more);
    }

    /** Sends rendered body bytes followed by the terminating "." line. */
    void bodyAndDot(byte[] body) throws IOException {
        send(body, new byte[] {'.'}, eol);
    }

    void raw(byte[] bytes) throws IOException {
        send(bytes);
    }

    byte[] eol() {
        return eol.clone();
    }

    private void send(byte[]... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        out.write(all.toByteArray());
        out.flush();
    }

    /** Splits content at LF, dropping a CR before it; a last line without LF still counts. */
    static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
                lines.add(java.util.Arrays.copyOfRange(content, start, end));
                start = i + 1;
            }
        }
        if (start < content.length) lines.add(java.util.Arrays.copyOfRange(content, start, content.length));
        return lines;
    }

    /**
     * The lines with {@code eol} after each; with {@code stuff}, a line starting with "." gets one
     * more "." in front (RFC 1939 section 3).
     */
    static byte[] render(List<byte[]> lines, byte[] eol, boolean stuff) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            if (stuff && line.length > 0 && line[0] == '.') out.write('.');
            out.writeBytes(line);
            out.writeBytes(eol);
        }
        return out.toByteArray();
    }

    /** The RFC 1939 size of a message: its octets with CRLF line ends, before stuffing. */
    static long size(List<byte[]> lines) {
        long n = 0;
        for (byte[] line : lines) n += line.length + 2;
        return n;
    }

    /** Headers, the blank line, then at most {@code bodyLines} body lines (RFC 1939 section 7, TOP). */
    static List<byte[]> top(List<byte[]> lines, int bodyLines) {
        int blank = 0;
        while (blank < lines.size() && lines.get(blank).length > 0) blank++;
        int end = (int) Math.min(lines.size(), (long) blank + 1 + bodyLines);
        return lines.subList(0, Math.max(end, Math.min(blank + 1, lines.size())));
    }
}
