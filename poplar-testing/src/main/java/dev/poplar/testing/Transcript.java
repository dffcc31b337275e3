// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted POP3 conversation, checked line by line against a live server. Immutable; {@link #run}
 * may be called from any thread, once per connection.
 *
 * <pre>
 * # comments and blank lines are ignored
 * S: +OK*                 one line from the server; '*' matches any run of characters
 * C: USER alice           sent with CRLF; escapes \r \n \t \\ \xHH are decoded
 * C&lt; STAT\n              sent exactly as written (no CRLF added), escapes decoded
 * CLOSED                  the server closes the connection here
 * </pre>
 *
 * A line the server sends that does not match fails with the line number of the script and both
 * texts; so does a connection that closes early.
 */
public final class Transcript {
    private sealed interface Step permits Send, Expect, Closed {}

    private record Send(byte[] bytes, int lineNo) implements Step {}

    private record Expect(String pattern, int lineNo) implements Step {}

    private record Closed(int lineNo) implements Step {}

    private final String name;
    private final List<Step> steps;

    private Transcript(String name, List<Step> steps) {
        this.name = name;
        this.steps = steps;
    }

    /** Parses a script; {@code name} appears in failure messages. */
    public static Transcript parse(String name, String script) {
        List<Step> steps = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int no = i + 1;
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("C: ")) steps.add(new Send(concat(unescape(line.substring(3)), new byte[] {'\r', '\n'}), no));
            else if (line.startsWith("C< ")) steps.add(new Send(unescape(line.substring(3)), no));
            else if (line.startsWith("S: ")) steps.add(new Expect(line.substring(3), no));
            else if (line.equals("S:")) steps.add(new Expect("", no));
            else if (line.equals("CLOSED")) steps.add(new Closed(no));
            else throw new IllegalArgumentException(name + ":" + no + ": cannot parse '" + line + "'");
        }
        return new Transcript(name, List.copyOf(steps));
    }

    /**
     * Plays the script: writes the client lines to {@code toServer} and checks each line read from
     * {@code fromServer}. Throws {@link AssertionError} on the first difference.
     */
    public void run(InputStream fromServer, OutputStream toServer) throws IOException {
        for (Step step : steps) {
            switch (step) {
                case Send s -> {
                    toServer.write(s.bytes());
                    toServer.flush();
                }
                case Expect e -> {
                    String got = readLine(fromServer);
                    if (got == null) fail(e.lineNo(), "expected '" + e.pattern() + "' but the server closed the connection");
                    if (!matches(e.pattern(), got)) fail(e.lineNo(), "expected '" + e.pattern() + "' but got '" + printable(got) + "'");
                }
                case Closed c -> {
                    String got = readLine(fromServer);
                    if (got != null) fail(c.lineNo(), "expected the connection to close but got '" + printable(got) + "'");
                }
            }
        }
    }

    private void fail(int lineNo, String what) {
        throw new AssertionError(name + ":" + lineNo + ": " + what);
    }

    /** Reads one CRLF-terminated line as ISO-8859-1 (bytes one to one), or null at the end. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int count = 0; count < 1_000_000; count++) {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                b = -1; // a reset connection counts as closed
            }
            if (b < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1) + "<no CRLF>";
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                String s = new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
                return len == bytes.length ? s + "<bare LF>" : s;
            }
            line.write(b);
        }
        throw new IOException("line longer than a million octets");
    }

    /** Glob match: '*' is any run of characters, everything else literal. */
    static boolean matches(String pattern, String text) {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + n);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c < 0x20 || c >= 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        return sb.toString();
    }
}
