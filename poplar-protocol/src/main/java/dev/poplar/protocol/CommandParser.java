// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

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
        // RFC 1939 §3: a keyword is three or four characters, case-insensitive; RFC 6856 adds UTF8,
        // so digits may follow the first letter.
        if (keywordEnd < 3 || keywordEnd > 4) return new Command.Unknown();
        String keyword = new String(line, 0, keywordEnd, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < keywordEnd; i++) {
            int b = line[i];
            boolean letter = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
            if (!letter && !(i > 0 && b >= '0' && b <= '9')) return new Command.Unknown();
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
            case "LIST", "UIDL" -> optionalRef(keyword, rest);
            case "RETR", "DELE", "DELI" -> oneRef(keyword, rest);
            case "SLEE" -> noArgs(rest, new Command.Slee());
            case "WAKE" -> noArgs(rest, new Command.Wake());
            case "QAUT" -> noArgs(rest, new Command.Qaut());
            case "TOP" -> top(rest);
            case "STLS" -> noArgs(rest, new Command.Stls());
            case "UTF8" -> noArgs(rest, new Command.Utf8());
            case "AUTH" -> auth(rest);
            case "APOP" -> apop(rest);
            case "LANG" -> lang(rest);
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

    private static Command optionalRef(String keyword, String rest) {
        java.util.Optional<MessageRef> ref = java.util.Optional.empty();
        if (rest != null) {
            MessageRef r = MessageRef.parse(rest);
            if (r == null) return invalid();
            ref = java.util.Optional.of(r);
        }
        return keyword.equals("LIST") ? new Command.List(ref) : new Command.Uidl(ref);
    }

    private static Command oneRef(String keyword, String rest) {
        MessageRef r = rest == null ? null : MessageRef.parse(rest);
        if (r == null) return invalid();
        return switch (keyword) {
            case "RETR" -> new Command.Retr(r);
            case "DELE" -> new Command.Dele(r);
            default -> new Command.Deli(r);
        };
    }

    private static Command top(String rest) {
        java.util.List<String> args = split(rest);
        if (args.size() != 2) return invalid();
        MessageRef msg = MessageRef.parse(args.get(0));
        long lines = number(args.get(1));
        // RFC 1939 §7: n must be a non-negative number of lines.
        return msg == null || lines < 0 ? invalid() : new Command.Top(msg, lines);
    }

    /** RFC 5034 §4: AUTH [mechanism [initial-response]]; a mechanism name is 1-20 of A-Z 0-9 - _. */
    private static Command auth(String rest) {
        if (rest == null) return new Command.Auth(java.util.Optional.empty(), java.util.Optional.empty());
        java.util.List<String> args = split(rest);
        if (args.isEmpty() || args.size() > 2 || !isMechanismName(args.get(0))) return invalid();
        String mechanism = args.get(0).toUpperCase(java.util.Locale.ROOT);
        if (args.size() == 1) return new Command.Auth(java.util.Optional.of(mechanism), java.util.Optional.empty());
        String ir = args.get(1);
        if (!ir.equals("=") && !isBase64(ir)) return invalid();
        return new Command.Auth(java.util.Optional.of(mechanism), java.util.Optional.of(ir));
    }

    /** RFC 1939 §7: APOP name digest, the digest being 32 hexadecimal digits (MD5). */
    private static Command apop(String rest) {
        java.util.List<String> args = split(rest);
        if (args.size() != 2 || args.get(1).length() != 32) return invalid();
        for (char c : args.get(1).toCharArray()) {
            if (Character.digit(c, 16) < 0) return invalid();
        }
        return new Command.Apop(args.get(0), args.get(1).toLowerCase(java.util.Locale.ROOT));
    }

    /** RFC 6856 §3: LANG [lang-range], a language tag or {@code *}. */
    private static Command lang(String rest) {
        if (rest == null) return new Command.Lang(java.util.Optional.empty());
        if (rest.isEmpty() || rest.length() > 64) return invalid();
        for (char c : rest.toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '*';
            if (!ok) return invalid();
        }
        return new Command.Lang(java.util.Optional.of(rest));
    }

    static boolean isMechanismName(String s) {
        if (s.isEmpty() || s.length() > 20) return false;
        for (char c : s.toCharArray()) {
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    /** Strict base64 (RFC 4648 §4, with padding), as SASL responses must be (RFC 5034 §4). */
    public static boolean isBase64(String s) {
        if (s.isEmpty() || s.length() % 4 != 0) return false;
        int pad = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                pad++;
                continue;
            }
            if (pad > 0) return false;
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) return false;
        }
        return pad <= 2;
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
