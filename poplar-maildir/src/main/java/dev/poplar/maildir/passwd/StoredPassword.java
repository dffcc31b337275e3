// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

/**
 * A parsed users-file password field: a scheme and what it needs to check a password. Produced by
 * {@link PasswordFields#parse}. Implementations are immutable and thread-safe, and their
 * {@code toString} never shows the secret or the hash.
 */
public sealed interface StoredPassword
        permits PlainPassword, ShaCryptHash, BcryptHash, Argon2Hash, ScramSha256Hash, UnsupportedScheme {

    /**
     * Longest password, in UTF-8 bytes, that is hashed or checked; a longer one never matches. SHA-crypt
     * hashes the password again in every round, so its cost grows with length times rounds: without a
     * bound a client could make one check take minutes. (passlib refuses beyond 4096 for the same
     * reason; RFC 2449 §4 keeps a PASS line under 255 octets anyway.)
     */
    int MAX_PASSWORD_BYTES = 1024;

    /** The Dovecot scheme name, e.g. {@code ARGON2ID}; for an unsupported scheme, the name as written. */
    String schemeName();

    /**
     * Whether the password matches. The final comparison is constant-time
     * ({@link java.security.MessageDigest#isEqual}). Never throws for a parsed value: a library failure
     * is reported as a mismatch.
     *
     * @param password the UTF-8 bytes of the password; not modified
     */
    boolean matches(byte[] password);

    /**
     * Whether checking runs a deliberately slow key-stretching function. The authenticator pads checks
     * that do not (plaintext, unsupported) with a dummy hash, so that a fast answer does not reveal that
     * the name exists (RFC 1939 §13).
     */
    boolean isKeyStretched();

    /** The field as it goes into the users file, {@code {SCHEME}} prefix included. */
    String encoded();
}
