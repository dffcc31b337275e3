// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the password field of a users-file line into a {@link StoredPassword}. Stateless and
 * thread-safe.
 *
 * <p>A field is {@code {SCHEME}data}, or, with no prefix, a crypt string recognised by its prefix
 * ({@code $6$}, {@code $5$}, {@code $2y$}/{@code $2b$}/{@code $2a$}, {@code $argon2id$},
 * {@code $argon2i$}), which is what Dovecot's default scheme {@code CRYPT} accepts. Anything else is
 * refused, so that a plaintext password left without a prefix is not taken for a hash.
 */
public final class PasswordFields {
    private PasswordFields() {}

    /**
     * Longest field accepted: room for a {@code {PLAIN}} password of
     * {@link StoredPassword#MAX_PASSWORD_BYTES}; the longest hash (Argon2 with a 64-byte salt and hash) is
     * under 250 characters. The bound keeps parsing of a hostile file cheap.
     */
    public static final int MAX_LENGTH = 2048;

    // Dovecot scheme names are letters, digits and '-' ('.' for encodings such as PLAIN.B64).
    private static final Pattern SCHEME_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    /**
     * Parses a password field.
     *
     * @throws InvalidHashException when the field is empty, too long, malformed or out of bounds; the
     *                              message says why without quoting the field
     */
    public static StoredPassword parse(String field) throws InvalidHashException {
        if (field == null || field.isEmpty()) throw new InvalidHashException("empty password field");
        if (field.length() > MAX_LENGTH) throw new InvalidHashException("password field too long");
        if (!field.startsWith("{")) return parseCrypt(field);
        int close = field.indexOf('}');
        if (close < 0) throw new InvalidHashException("unterminated {SCHEME} prefix");
        String name = field.substring(1, close);
        if (!SCHEME_NAME.matcher(name).matches()) throw new InvalidHashException("malformed {SCHEME} prefix");
        String data = field.substring(close + 1);
        if (data.isEmpty()) throw new InvalidHashException("empty password after {SCHEME} prefix");
        Optional<Scheme> scheme = Scheme.byName(name);
        if (scheme.isEmpty()) {
            // CRYPT means "whatever crypt(3) prefix this is" in Dovecot; treat it as no prefix.
            if (name.equalsIgnoreCase("CRYPT")) return parseCrypt(data);
            // Kept for later mechanisms (CRAM-MD5, SCRAM-SHA-1); it never verifies a USER/PASS password.
            return new UnsupportedScheme(name, data);
        }
        return switch (scheme.get()) {
            case PLAIN -> new PlainPassword(data);
            case SHA256_CRYPT, SHA512_CRYPT -> ShaCryptHash.parse(data, scheme.get());
            case BLF_CRYPT -> BcryptHash.parse(data);
            case ARGON2I, ARGON2ID -> Argon2Hash.parse(data, scheme.get());
            case SCRAM_SHA_256 -> ScramSha256Hash.parse(data);
        };
    }

    /** Like {@link #parse}, but empty instead of an exception. */
    public static Optional<StoredPassword> tryParse(String field) {
        try {
            return Optional.of(parse(field));
        } catch (InvalidHashException e) {
            return Optional.empty();
        }
    }

    /** A crypt string, recognised by its prefix. */
    private static StoredPassword parseCrypt(String s) throws InvalidHashException {
        if (s.startsWith("$6$") || s.startsWith("$5$")) return ShaCryptHash.parse(s, null);
        if (s.startsWith("$2y$") || s.startsWith("$2b$") || s.startsWith("$2a$")) return BcryptHash.parse(s);
        if (s.startsWith("$argon2id$") || s.startsWith("$argon2i$")) return Argon2Hash.parse(s, null);
        throw new InvalidHashException("no {SCHEME} prefix and no known crypt prefix");
    }
}
