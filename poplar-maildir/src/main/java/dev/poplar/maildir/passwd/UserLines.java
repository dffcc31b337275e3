// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import dev.poplar.maildir.UserNames;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses one line of a passwd-file. Stateless. */
final class UserLines {
    private UserLines() {}

    /** What a line is. */
    sealed interface Parsed {}

    /** A comment ({@code #} first) or a blank line. */
    record Ignored() implements Parsed {}

    /** A usable user line. */
    record User(UserEntry entry) implements Parsed {}

    /**
     * A line that is skipped.
     *
     * @param reason fixed wording, safe to log
     * @param name   the user name when it is valid (so safe to log), otherwise {@code null}
     */
    record Skipped(String reason, String name) implements Parsed {}

    /** Parses a line without its line terminator. */
    static Parsed parse(String line) {
        // Dovecot's passwd-file reader skips lines starting with '#' and empty ones the same way.
        if (line.isBlank() || line.startsWith("#")) return new Ignored();
        int colon = line.indexOf(':');
        if (colon < 0) return new Skipped("no ':' after the user name", null);
        String name = line.substring(0, colon);
        // The name becomes a directory and a log field: only the allow-listed characters get further.
        if (!UserNames.isValid(name)) return new Skipped("invalid user name", null);
        // Seven fields after the name at most; the last keeps its colons, because extra fields such as
        // userdb_mail=maildir:~/Maildir contain them.
        String[] f = line.substring(colon + 1).split(":", 7);
        StoredPassword password;
        try {
            password = PasswordFields.parse(f[0]);
        } catch (InvalidHashException e) {
            return new Skipped(e.getMessage(), name);
        }
        return new User(new UserEntry(name, password, field(f, 1), field(f, 2), field(f, 3), field(f, 4),
                field(f, 5), extraFields(field(f, 6))));
    }

    private static String field(String[] fields, int i) {
        return i < fields.length ? fields[i] : "";
    }

    /** Space-separated {@code key=value} (or bare {@code key}) pairs; a later key overrides an earlier one. */
    static Map<String, String> extraFields(String s) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String token : s.split(" ")) {
            if (token.isEmpty()) continue;
            int eq = token.indexOf('=');
            if (eq == 0) continue; // no key: nothing to name it by
            if (eq < 0) map.put(token, "");
            else map.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return map;
    }
}
