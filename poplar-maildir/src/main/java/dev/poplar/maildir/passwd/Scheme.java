// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.util.Locale;
import java.util.Optional;

/**
 * The password schemes Poplar can check, under their Dovecot names (the {@code {SCHEME}} prefix of a
 * users-file password). Immutable.
 */
public enum Scheme {
    /** The password itself. Dovecot also calls it {@code CLEAR} and {@code CLEARTEXT}. */
    PLAIN("PLAIN", "CLEAR", "CLEARTEXT"),
    /** glibc SHA-256 crypt, {@code $5$[rounds=N$]salt$hash}. */
    SHA256_CRYPT("SHA256-CRYPT"),
    /** glibc SHA-512 crypt, {@code $6$[rounds=N$]salt$hash}. */
    SHA512_CRYPT("SHA512-CRYPT"),
    /** bcrypt, {@code $2y$}, {@code $2b$} or {@code $2a$}. */
    BLF_CRYPT("BLF-CRYPT"),
    /** Argon2i in the libsodium encoding. */
    ARGON2I("ARGON2I"),
    /** Argon2id in the libsodium encoding: the default for new passwords. */
    ARGON2ID("ARGON2ID"),
    /**
     * SCRAM-SHA-256 keys (RFC 5802 §3, RFC 7677) as {@code doveadm pw -s SCRAM-SHA-256} writes them:
     * {@code <iterations>,<salt>,<StoredKey>,<ServerKey>}, base64.
     */
    SCRAM_SHA_256("SCRAM-SHA-256");

    private final String dovecotName;
    private final String[] aliases;

    Scheme(String dovecotName, String... aliases) {
        this.dovecotName = dovecotName;
        this.aliases = aliases;
    }

    /** The name written between the braces, e.g. {@code SHA512-CRYPT}. */
    public String dovecotName() {
        return dovecotName;
    }

    /**
     * Looks a scheme up by its Dovecot name or alias. Case-insensitive, because Dovecot's own lookup
     * is.
     */
    public static Optional<Scheme> byName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (Scheme s : values()) {
            if (s.dovecotName.equals(upper)) return Optional.of(s);
            for (String alias : s.aliases) {
                if (alias.equals(upper)) return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
