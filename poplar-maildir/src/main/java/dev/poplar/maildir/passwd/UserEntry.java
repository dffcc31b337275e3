// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One user of a passwd-file: {@code user:password:uid:gid:gecos:home:shell:extra fields}. Fields after
 * the password are kept as written (empty when absent) for later use; Poplar does not switch uids.
 * Immutable; {@code toString} does not show the password.
 *
 * @param name        the user name, valid per {@link dev.poplar.maildir.UserNames#isValid}
 * @param password    the parsed password field
 * @param uid         field 3, as written
 * @param gid         field 4, as written
 * @param gecos       field 5, as written
 * @param home        field 6, as written
 * @param shell       field 7, as written
 * @param extraFields the space-separated {@code key=value} pairs after the 7th field, in file order; a
 *                    bare {@code key} maps to the empty string (Dovecot reads it as a flag)
 */
public record UserEntry(String name, StoredPassword password, String uid, String gid, String gecos,
                        String home, String shell, Map<String, String> extraFields) {

    /** The extra field that makes a maildrop read-only (seed extension: DELE and DELI answer [READ-ONLY]). */
    public static final String READ_ONLY_FIELD = "readonly";

    public UserEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
        Objects.requireNonNull(gecos, "gecos");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(shell, "shell");
        // An unmodifiable copy that keeps file order (Map.copyOf would not).
        extraFields = Collections.unmodifiableMap(new LinkedHashMap<>(extraFields));
    }

    /**
     * Whether the extra fields make this user's maildrop read-only: {@code readonly=yes} as Dovecot
     * writes booleans, or a bare {@code readonly} (Dovecot reads a bare key as set). {@code no},
     * {@code false} and {@code 0} (any case) leave it writable; any other value makes it read-only, so
     * that a mistyped value errs on the side of keeping mail.
     */
    public boolean readOnly() {
        String value = extraFields.get(READ_ONLY_FIELD);
        if (value == null) return false;
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "no", "false", "0" -> false;
            default -> true;
        };
    }

    /** An entry with only a name and a password. */
    public static UserEntry of(String name, StoredPassword password) {
        return new UserEntry(name, password, "", "", "", "", "", Map.of());
    }
}
