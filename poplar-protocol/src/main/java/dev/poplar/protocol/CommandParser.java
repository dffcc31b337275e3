// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.OptionalLong;

/**
 * Turns one command line (without its line end) into a {@link Command}. Pure and stateless; never
 * throws for any input. A hand-written parser: no regular expressions on client input.
 */
public final class CommandParser {
    private CommandParser() {}

    /** Parses a line as read by {@link LineReader}, without its CRLF or LF. */
    public static Command parse(byte[] line) {
        // protocol.md §1: NUL, bare CR and other control characters make a command invalid; TAB is
        // allowed only inside arguments (it never separates them).
        int keywordEnd = 0;
        while (keywordEnd < line.length && line[keywordEnd] != ' ') keywordEnd++;
        for (int i = 0; i < line.length; i++) {
            int b = line[i] & 0xFF;
            boolean control = b < 0x20 || b == 0x7F;
            if (control && !(b == '\t' && i > keywordEnd)) return new Command.Invalid("control character");
        }
        // RFC 1939 §3: a keyword is three or four characters, case-insensitive.
        if (keywordEnd < 3 || keywordEnd > 4) return new Command.Unknown();
        String keyword = new String(line, 0, keywordEnd, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < keywordEnd; i++) {
            int b = line[i];
            if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'))) return new Command.Unknown();
        }
        // RFC 1939 §3: the keyword and each argument are separated by a single space.
        String rest = keywordEnd < line.length
                ? new String(line, keywordEnd + 1, line.length - keywordEnd - 1, StandardCharsets.UTF_8)
                : null;
        return switch (keyword) {
            // RFC 1939 §7: USER and PASS take the rest of the line; a password may contain spaces.
            case "USER" -> rest == null || rest.isEmpty() ? invalid() : new Command.User(rest);
            case "PASS" -> rest == null || rest.isEmpty() ? invalid() : new Command.Pass(rest);
            case "STAT" -> noArgs(rest, new Command.Stat());
            case "NOOP" -> noArgs(rest, new Command.Noop());
            case "RSET" -> noArgs(rest, new Command.Rset());
            case "QUIT" -> noArgs(rest, new Command.Quit());
            case "CAPA" -> noArgs(rest, new Command.Capa());
            case "LIST", "UIDL" -> optionalNumber(keyword, rest);
            case "RETR", "DELE" -> oneNumber(keyword, rest);
            case "TOP" -> top(rest);
            default -> new Command.Unknown();
        };
    }

    /**
     * protocol.md §1 and ALPACA: a first line that looks like an HTTP request means a browser (or an
     * attacker relaying one) is talking to us; such a connection is closed at once.
     */
    public static boolean looksLikeHttp(byte[] line) {
        String s = new String(line, StandardCharsets.ISO_8859_1);
        for (String method : new String[] {"GET ", "POST ", "HEAD ", "PUT ", "OPTIONS ", "CONNECT "}) {
            if (s.regionMatches(true, 0, method, 0, method.length())) return true;
        }
        return s.contains(" HTTP/1.");
    }

    private static Command noArgs(String rest, Command command) {
        return rest == null ? command : invalid();
    }

    private static Command optionalNumber(String keyword, String rest) {
        if (rest == null) {
            return keyword.equals("LIST") ? new Command.List(OptionalLong.empty()) : new Command.Uidl(OptionalLong.empty());
        }
        long n = number(rest);
        if (n < 0) return invalid();
        return keyword.equals("LIST") ? new Command.List(OptionalLong.of(n)) : new Command.Uidl(OptionalLong.of(n));
    }

    private static Command oneNumber(String keyword, String rest) {
        long n = rest == null ? -1 : number(rest);
        if (n < 0) return invalid();
        return keyword.equals("RETR") ? new Command.Retr(n) : new Command.Dele(n);
    }

    private static Command top(String rest) {
        java.util.List<String> args = split(rest);
        if (args.size() != 2) return invalid();
        long msg = number(args.get(0));
        long lines = number(args.get(1));
        // RFC 1939 §7: n must be a non-negative number of lines.
        return msg < 0 || lines < 0 ? invalid() : new Command.Top(msg, lines);
    }

    /** protocol.md §2: {@code ^[0-9]{1,10}$}, else -1. */
    static long number(String s) {
        if (s.isEmpty() || s.length() > Limits.MAX_NUMBER_DIGITS) return -1;
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Splits on single spaces; an empty argument (two spaces, a trailing space) yields no list. */
    private static java.util.List<String> split(String rest) {
        java.util.List<String> out = new ArrayList<>();
        if (rest == null) return out;
        int start = 0;
        while (true) {
            int sp = rest.indexOf(' ', start);
            String part = sp < 0 ? rest.substring(start) : rest.substring(start, sp);
            if (part.isEmpty()) return java.util.List.of();
            out.add(part);
            if (sp < 0) return out;
            start = sp + 1;
        }
    }

    private static Command invalid() {
        return new Command.Invalid("syntax");
    }
}
