// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.popstate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thunderbird's {@code popstate.dat}: which messages left on a POP3 server it already has. Parsed the
 * way Thunderbird's {@code net_pop3_load_state} (mailnews/local/src/nsPop3Protocol.cpp) reads it, and
 * written the way its {@code net_pop3_write_state} writes it. Immutable.
 *
 * <pre>
 * # POP3 State File
 * # This is a generated file!  Do not edit.
 *
 * *pop.example.org alice
 * k 1234.5678 1700000000
 * </pre>
 *
 * <ul>
 *   <li>Empty lines and lines starting with {@code #} are skipped. Lines end with LF, CRLF or CR.</li>
 *   <li>{@code *HOST USER}: HOST ends at the first space or tab; USER is the rest of the line up to a
 *       tab, spaces included. Two sections with the same HOST and USER are one account.</li>
 *   <li>Message lines: tabs count as spaces; the line is split on runs of spaces; the first character
 *       of word 1 is the flag ({@code k d f b}, anything else is skipped), word 2 the unique-id, word 3
 *       the time in seconds (read like C {@code atoi}; missing means "now" to Thunderbird, kept missing
 *       here). Further words are ignored, as Thunderbird does. A line with fewer than two words or before
 *       any account line is skipped. A repeated unique-id replaces the earlier line (Thunderbird's hash
 *       table does the same).</li>
 *   <li>Unique-ids with spaces: Thunderbird cannot have them. It keeps only the first word of each
 *       UIDL unique-id ({@code NS_strtok(" ")} in {@code GetUidlList}) and so does this class's user,
 *       {@code poplar popstate rebuild}; when reading, the extra words are reported and ignored.</li>
 *   <li>Octets are read and written as ISO-8859-1, so a file round-trips byte for byte whatever its
 *       encoding; {@link #display(String)} shows names as UTF-8 where they are.</li>
 * </ul>
 * Everything skipped is reported in {@link #warnings()} with its line number, never silently.
 */
public final class PopstateFile {
    /** The two comment lines Thunderbird writes first. */
    public static final String HEADER = "# POP3 State File\n# This is a generated file!  Do not edit.\n\n";

    private final List<PopstateAccount> accounts;
    private final List<String> warnings;
    private final boolean crlf;

    public PopstateFile(List<PopstateAccount> accounts, boolean crlf) {
        this(accounts, List.of(), crlf);
    }

    private PopstateFile(List<PopstateAccount> accounts, List<String> warnings, boolean crlf) {
        this.accounts = List.copyOf(accounts);
        this.warnings = List.copyOf(warnings);
        this.crlf = crlf;
    }

    public List<PopstateAccount> accounts() {
        return accounts;
    }

    /** What was skipped or doubtful while parsing, one line each ("line N: ..."). */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether the file used (and {@link #format()} writes) CRLF line ends, as Thunderbird on Windows. */
    public boolean crlf() {
        return crlf;
    }

    /** This file with {@code account} in place of the section with the same host and user, or added last. */
    public PopstateFile with(PopstateAccount account) {
        List<PopstateAccount> out = new ArrayList<>();
        boolean replaced = false;
        for (PopstateAccount a : accounts) {
            if (a.is(account.host(), account.user())) {
                if (!replaced) out.add(account);
                replaced = true;
            } else {
                out.add(a);
            }
        }
        if (!replaced) out.add(account);
        return new PopstateFile(out, crlf);
    }

    public PopstateAccount account(String host, String user) {
        for (PopstateAccount a : accounts) if (a.is(host, user)) return a;
        return null;
    }

    /** Parses a {@code popstate.dat}; never fails, reports what it skipped in {@link #warnings()}. */
    public static PopstateFile parse(byte[] octets) {
        String text = new String(octets, StandardCharsets.ISO_8859_1);
        boolean crlf = text.contains("\r\n");
        Map<String, Section> sections = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Section current = null;
        int lineNo = 0;
        int pos = 0;
        while (pos < text.length()) {
            int end = pos;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
            String line = text.substring(pos, end);
            pos = end;
            if (pos < text.length() && text.charAt(pos) == '\r') {
                pos++;
                if (pos < text.length() && text.charAt(pos) == '\n') pos++;
            } else if (pos < text.length()) {
                pos++; // '\n'
            }
            lineNo++;
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            if (line.charAt(0) == '*') {
                current = null;
                int i = 1;
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
                int h = i;
                while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') i++;
                String host = line.substring(h, i);
                String rest = i < line.length() ? line.substring(i + 1) : "";
                int u = 0;
                while (u < rest.length() && rest.charAt(u) == '\t') u++;
                int ue = rest.indexOf('\t', u);
                String user = ue < 0 ? rest.substring(u) : rest.substring(u, ue);
                if (host.isEmpty() || user.isEmpty()) {
                    warnings.add("line " + lineNo + ": account line without host and user, skipped with its messages");
                    continue;
                }
                current = sections.computeIfAbsent(host + "\t" + user, k -> new Section(host, user));
                continue;
            }
            if (current == null) {
                warnings.add("line " + lineNo + ": message line before any *host user line, skipped");
                continue;
            }
            String[] words = line.replace('\t', ' ').trim().split(" +");
            if (words.length < 2 || words[0].isEmpty()) {
                warnings.add("line " + lineNo + ": not a <flag> <uid> [<time>] line, skipped");
                continue;
            }
            char flag = words[0].charAt(0);
            if (!PopstateEntry.isFlag(flag)) {
                warnings.add("line " + lineNo + ": unknown flag '" + flag + "', skipped (Thunderbird skips it too)");
                continue;
            }
            if (words[0].length() > 1) warnings.add("line " + lineNo + ": flag word '" + words[0] + "', only '" + flag + "' counts");
            Long time = null;
            if (words.length > 2) {
                time = atoi(words[2]);
                if (!words[2].matches("[+-]?[0-9]+")) {
                    warnings.add("line " + lineNo + ": time '" + words[2] + "' is not a number, read as " + time);
                }
            }
            if (words.length > 3) {
                warnings.add("line " + lineNo + ": " + (words.length - 3) + " extra word(s) ignored (a unique-id with spaces? Thunderbird keeps only its first word)");
            }
            PopstateEntry e = new PopstateEntry(flag, words[1], time);
            if (current.entries.put(e.uid(), e) != null) {
                warnings.add("line " + lineNo + ": unique-id " + e.uid() + " repeated, this line replaces the earlier one");
            }
        }
        List<PopstateAccount> accounts = new ArrayList<>();
        for (Section s : sections.values()) accounts.add(new PopstateAccount(s.host, s.user, new ArrayList<>(s.entries.values())));
        return new PopstateFile(accounts, warnings, crlf);
    }

    /** C atoi: optional sign, leading digits, 0 if none; clamped to the range Thunderbird's int32 holds. */
    private static long atoi(String s) {
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) negative = s.charAt(i++) == '-';
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            v = Math.min(v * 10 + (s.charAt(i++) - '0'), 1L << 32);
        }
        return negative ? -v : v;
    }

    /** The file as Thunderbird writes it; sections without messages are left out, as Thunderbird does. */
    public String format() {
        String nl = crlf ? "\r\n" : "\n";
        StringBuilder b = new StringBuilder(HEADER.replace("\n", nl));
        for (PopstateAccount a : accounts) {
            if (a.entries().isEmpty()) continue;
            b.append('*').append(a.host()).append(' ').append(a.user()).append(nl);
            for (PopstateEntry e : a.entries()) {
                b.append(e.flag()).append(' ').append(e.uid());
                if (e.time() != null) b.append(' ').append(e.time());
                b.append(nl);
            }
        }
        return b.toString();
    }

    /** {@link #format()} as the octets to write (ISO-8859-1, the inverse of {@link #parse}). */
    public byte[] toBytes() {
        return format().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A parsed name for display: its octets as UTF-8 when they are valid UTF-8, else as they are. */
    public static String display(String latin1) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return latin1;
        }
    }

    /** A UIDL unique-id as Thunderbird records it: its first space-separated word ("" if none). */
    public static String thunderbirdUid(String uid) {
        String t = uid.strip();
        int sp = 0;
        while (sp < t.length() && !PopstateEntry.isSeparator(t.charAt(sp))) sp++;
        return t.substring(0, sp);
    }

    private static final class Section {
        final String host;
        final String user;
        final Map<String, PopstateEntry> entries = new LinkedHashMap<>();

        Section(String host, String user) {
            this.host = host;
            this.user = user;
        }
    }
}
