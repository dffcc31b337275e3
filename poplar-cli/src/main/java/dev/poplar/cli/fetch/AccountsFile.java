// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code poplar fetch --accounts FILE} format: several named accounts, each with the settings of the
 * command-line flags. INI-like, read by hand (no library), UTF-8:
 *
 * <pre>
 * # comment lines start with # or ;
 * [account work]
 * host = pop.example.org
 * port = 995                         # optional; default 110, or 995 with tls = implicit
 * user = alice
 * password-file = ~/.config/poplar/work.pass
 * tls = implicit                     # none | starttls | implicit (default starttls)
 * ca-file = ~/work-ca.pem            # optional
 * to = maildir:~/Maildir             # maildir:DIR | mbox:FILE | mda:COMMAND | lmtp:HOST:PORT
 * lmtp-recipient = alice@example.org # optional, for lmtp:
 * keep = yes                         # yes|no|true|false (default no)
 * delete-after-days = 30             # optional, needs keep = yes
 * state = ~/fetch/work.state         # optional; default ~/.local/state/poplar/fetch/NAME.state
 * </pre>
 *
 * Required: host, user, password-file, to. Unknown or repeated keys, keys outside a section and repeated
 * account names are errors naming the file and line. A leading {@code ~} or {@code ~/} in password-file,
 * ca-file, state and in the path of a maildir:/mbox: destination is the home directory. A {@code #} only
 * starts a comment at the beginning of a line (a value may contain it, e.g. in an mda: command).
 * Account names are letters, digits, '.', '_' and '-' (they name the default state file).
 */
public final class AccountsFile {

    /** One account; {@code port}, {@code caFile}, {@code lmtpRecipient}, {@code deleteAfterDays} may be null. */
    public record Account(String name, String host, Integer port, String user, Path passwordFile, String tls,
                          Path caFile, String to, String lmtpRecipient, boolean keep, Integer deleteAfterDays,
                          Path state) {}

    /** The file is not valid; the message names the file and line. */
    public static final class InvalidException extends IOException {
        InvalidException(String message) {
            super(message);
        }
    }

    private static final Set<String> KEYS = Set.of("host", "port", "user", "password-file", "tls", "ca-file", "to",
            "lmtp-recipient", "keep", "delete-after-days", "state");
    private static final List<String> REQUIRED = List.of("host", "user", "password-file", "to");
    private static final Pattern SECTION = Pattern.compile("\\[\\s*account\\s+([A-Za-z0-9._-]+)\\s*]");
    private static final Pattern KEY = Pattern.compile("[a-z-]+");

    private AccountsFile() {}

    /** Parses {@code file}, with {@code ~} meaning the {@code user.home} directory. */
    public static List<Account> parse(Path file) throws IOException {
        return parse(file, Path.of(System.getProperty("user.home")));
    }

    /** Parses {@code file}, with {@code ~} meaning {@code home}. */
    public static List<Account> parse(Path file, Path home) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read the accounts file " + file + ": " + e.getMessage(), e);
        }
        List<Account> accounts = new ArrayList<>();
        String name = null;
        int sectionLine = 0;
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            int no = i + 1;
            String line = all[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                var m = SECTION.matcher(line);
                if (!m.matches()) {
                    throw error(file, no, "expected a section header like [account NAME] (NAME: letters, digits, . _ -), got " + line);
                }
                if (name != null) accounts.add(account(file, name, sectionLine, values, lines, home));
                name = m.group(1);
                sectionLine = no;
                for (Account a : accounts) {
                    if (a.name().equals(name)) throw error(file, no, "account " + name + " is defined twice");
                }
                values = new LinkedHashMap<>();
                lines = new LinkedHashMap<>();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) throw error(file, no, "expected key = value, got " + line);
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (name == null) throw error(file, no, "key " + key + " before the first [account NAME] section");
            if (!KEY.matcher(key).matches() || !KEYS.contains(key)) {
                throw error(file, no, "unknown key " + key + " (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
            if (values.containsKey(key)) throw error(file, no, "key " + key + " repeated (first on line " + lines.get(key) + ")");
            if (value.isEmpty()) throw error(file, no, "key " + key + " has no value");
            values.put(key, value);
            lines.put(key, no);
        }
        if (name != null) accounts.add(account(file, name, sectionLine, values, lines, home));
        if (accounts.isEmpty()) throw new InvalidException(file + ": no [account NAME] section");
        return List.copyOf(accounts);
    }

    private static Account account(Path file, String name, int sectionLine, Map<String, String> v,
                                   Map<String, Integer> lines, Path home) throws InvalidException {
        for (String key : REQUIRED) {
            if (!v.containsKey(key)) throw error(file, sectionLine, "account " + name + " lacks the required key " + key);
        }
        Integer port = null;
        if (v.containsKey("port")) {
            port = number(file, lines.get("port"), "port", v.get("port"));
            if (port < 1 || port > 65535) throw error(file, lines.get("port"), "port must be 1 to 65535, got " + port);
        }
        String tls = v.getOrDefault("tls", "starttls").toLowerCase(Locale.ROOT);
        if (!Set.of("none", "starttls", "implicit").contains(tls)) {
            throw error(file, lines.get("tls"), "tls must be none, starttls or implicit, got " + v.get("tls"));
        }
        boolean keep = false;
        if (v.containsKey("keep")) {
            switch (v.get("keep").toLowerCase(Locale.ROOT)) {
                case "yes", "true" -> keep = true;
                case "no", "false" -> keep = false;
                default -> throw error(file, lines.get("keep"), "keep must be yes, no, true or false, got " + v.get("keep"));
            }
        }
        Integer days = null;
        if (v.containsKey("delete-after-days")) {
            int line = lines.get("delete-after-days");
            days = number(file, line, "delete-after-days", v.get("delete-after-days"));
            if (days < 0) throw error(file, line, "delete-after-days must be >= 0, got " + days);
            if (!keep) throw error(file, line, "delete-after-days needs keep = yes in account " + name);
        }
        Path state = v.containsKey("state") ? expand(v.get("state"), home)
                : home.resolve(".local/state/poplar/fetch").resolve(name + ".state");
        return new Account(name, v.get("host"), port, v.get("user"), expand(v.get("password-file"), home), tls,
                v.containsKey("ca-file") ? expand(v.get("ca-file"), home) : null, expandDestination(v.get("to"), home),
                v.get("lmtp-recipient"), keep, days, state);
    }

    private static int number(Path file, int line, String key, String value) throws InvalidException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error(file, line, key + " must be a whole number, got " + value);
        }
    }

    /** {@code ~} or {@code ~/...} becomes the home directory; other paths are kept as written. */
    static Path expand(String path, Path home) {
        return Path.of(expandString(path, home));
    }

    private static String expandString(String path, Path home) {
        if (path.equals("~")) return home.toString();
        if (path.startsWith("~/")) return home.resolve(path.substring(2)).toString();
        return path;
    }

    private static String expandDestination(String to, Path home) {
        for (String scheme : List.of("maildir:", "mbox:")) {
            if (to.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return to.substring(0, scheme.length()) + expandString(to.substring(scheme.length()), home);
            }
        }
        return to;
    }

    private static InvalidException error(Path file, int line, String message) {
        return new InvalidException(file + ":" + line + ": " + message);
    }
}
