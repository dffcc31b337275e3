// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Hashes a new password into a users-file password field ({@code {SCHEME}...}). The variants are
 * immutable and thread-safe; each call draws a fresh salt from one shared
 * {@link java.security.SecureRandom}.
 */
public sealed interface PasswordHasher {

    /** The hasher for new passwords: {@link Argon2id#DEFAULT}. */
    PasswordHasher DEFAULT = Argon2id.DEFAULT;

    /**
     * Hashes a password (its UTF-8 bytes).
     *
     * @return the field for the users file, which {@link PasswordFields#parse} accepts
     * @throws IllegalArgumentException when the password is empty, longer than
     *                                  {@link StoredPassword#MAX_PASSWORD_BYTES}, or more than the
     *                                  scheme can represent (bcrypt over 72 bytes); the message never
     *                                  contains the password
     */
    String hash(String password);

    /** The UTF-8 bytes of a password that can be hashed and later checked. */
    private static byte[] checkedBytes(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        // An empty password is one anybody guesses; a longer one than the limit could never log in.
        if (bytes.length == 0) throw new IllegalArgumentException("empty password");
        if (bytes.length > StoredPassword.MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException(
                    "password longer than " + StoredPassword.MAX_PASSWORD_BYTES + " bytes");
        }
        return bytes;
    }

    /**
     * The hasher for a scheme named on the command line ({@code ARGON2ID}, {@code SHA512-CRYPT},
     * {@code BLF-CRYPT}, {@code SCRAM-SHA-256}, case-insensitive), with its default parameters; empty for
     * any other name.
     */
    static Optional<PasswordHasher> forScheme(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "ARGON2ID" -> Optional.of(Argon2id.DEFAULT);
            case "SHA512-CRYPT" -> Optional.of(Sha512Crypt.DEFAULT);
            case "BLF-CRYPT" -> Optional.of(BlfCrypt.DEFAULT);
            case "SCRAM-SHA-256" -> Optional.of(ScramSha256.DEFAULT);
            default -> Optional.empty();
        };
    }

    /**
     * Argon2id, 16-byte salt, 32-byte hash, libsodium encoding.
     *
     * @param memoryKib  memory cost in KiB
     * @param iterations passes
     * @param lanes      parallelism
     */
    record Argon2id(int memoryKib, int iterations, int lanes) implements PasswordHasher {
        /**
         * What {@code doveadm pw -s ARGON2ID} writes: libsodium's "interactive" limits (64 MiB, 2 passes)
         * with the passes raised to 3 (Dovecot's password-scheme-sodium.c works around a libsodium 1.0.13
         * bug that way), one lane, as {@code crypto_pwhash_str} always uses.
         */
        public static final Argon2id DEFAULT = new Argon2id(65536, 3, 1);
        /** libsodium's {@code crypto_pwhash_SALTBYTES} and {@code crypto_pwhash_STRBYTES} hash length. */
        static final int SALT_BYTES = 16, HASH_BYTES = 32;

        public Argon2id {
            // The same bounds as for reading, so that what we write we can read back.
            String problem = Argon2Hash.checkCosts(memoryKib, iterations, lanes);
            if (problem != null) throw new IllegalArgumentException(problem);
        }

        @Override
        public String hash(String password) {
            byte[] salt = Salts.bytes(SALT_BYTES);
            byte[] tag = Argon2Hash.compute(Scheme.ARGON2ID, memoryKib, iterations, lanes, salt,
                    PasswordHasher.checkedBytes(password), HASH_BYTES);
            return new Argon2Hash(Scheme.ARGON2ID, memoryKib, iterations, lanes,
                    Argon2Hash.encode(salt), Argon2Hash.encode(tag)).encoded();
        }
    }

    /**
     * SHA512-CRYPT with a 16-character salt (the most glibc reads).
     *
     * @param rounds rounds, within {@link ShaCryptHash#MIN_ROUNDS}..{@link ShaCryptHash#MAX_ROUNDS}
     */
    record Sha512Crypt(int rounds) implements PasswordHasher {
        /**
         * 100,000 rounds rather than glibc's 5000 (chosen in 2007; a few milliseconds today): about 70 ms
         * here, and every crypt(3), Dovecot included, reads the {@code rounds=} field.
         */
        public static final Sha512Crypt DEFAULT = new Sha512Crypt(100_000);

        public Sha512Crypt {
            if (rounds < ShaCryptHash.MIN_ROUNDS || rounds > ShaCryptHash.MAX_ROUNDS) {
                throw new IllegalArgumentException("SHA512-CRYPT rounds must be within "
                        + ShaCryptHash.MIN_ROUNDS + ".." + ShaCryptHash.MAX_ROUNDS);
            }
        }

        @Override
        public String hash(String password) {
            String salt = Salts.cryptSalt(16);
            // glibc omits rounds= for its default; writing it always is allowed, but keep the usual form.
            boolean written = rounds != ShaCryptHash.DEFAULT_ROUNDS;
            String setting = "$6$" + (written ? "rounds=" + rounds + "$" : "") + salt;
            String crypt = Sha2Crypt.sha512Crypt(PasswordHasher.checkedBytes(password), setting);
            String hash = crypt.substring(crypt.lastIndexOf('$') + 1);
            return new ShaCryptHash(Scheme.SHA512_CRYPT, rounds, written, salt, hash).encoded();
        }
    }

    /**
     * bcrypt ({@code BLF-CRYPT}), written as {@code $2y$} as {@code doveadm pw} does.
     *
     * @param cost log2 rounds, within {@link BcryptHash#MIN_COST}..{@link BcryptHash#MAX_COST}
     */
    record BlfCrypt(int cost) implements PasswordHasher {
        /**
         * Cost 12 rather than Dovecot's 5: about 250 ms here, the same as the Argon2id default, and above
         * OWASP's minimum of 10.
         */
        public static final BlfCrypt DEFAULT = new BlfCrypt(12);
        /** bcrypt ignores every byte after the 72nd; refuse such passwords rather than weaken them silently. */
        public static final int MAX_PASSWORD_BYTES = 72;

        public BlfCrypt {
            if (cost < BcryptHash.MIN_COST || cost > BcryptHash.MAX_COST) {
                throw new IllegalArgumentException("BLF-CRYPT cost must be within "
                        + BcryptHash.MIN_COST + ".." + BcryptHash.MAX_COST);
            }
        }

        @Override
        public String hash(String password) {
            byte[] bytes = PasswordHasher.checkedBytes(password);
            if (bytes.length > MAX_PASSWORD_BYTES) {
                throw new IllegalArgumentException("BLF-CRYPT uses only the first " + MAX_PASSWORD_BYTES
                        + " bytes of a password; choose a shorter one or ARGON2ID");
            }
            String crypt = OpenBSDBCrypt.generate("2y", bytes, Salts.bytes(16), cost);
            return "{" + Scheme.BLF_CRYPT.dovecotName() + "}" + crypt;
        }
    }

    /**
     * SCRAM-SHA-256 keys ({@code {SCRAM-SHA-256}}), as {@code doveadm pw -s SCRAM-SHA-256} writes them:
     * 16-byte random salt, standard base64 with padding. Such an entry serves the SCRAM-SHA-256
     * mechanism without keeping a plaintext password, and still checks USER/PASS and AUTH PLAIN. Its
     * offline guessing cost is far below Argon2id's, so choose it only for users who need SCRAM.
     *
     * @param iterations PBKDF2 iterations, within {@link ScramSha256Hash#MIN_ITERATIONS}..{@link
     *                   ScramSha256Hash#MAX_ITERATIONS}
     */
    record ScramSha256(int iterations) implements PasswordHasher {
        /**
         * 4096 iterations: Dovecot's {@code SCRAM_DEFAULT_ITERATE_COUNT} (password-scheme-scram.c) and the
         * minimum RFC 7677 §4 asks for. A higher count is written as given and read back by Dovecot too.
         */
        public static final ScramSha256 DEFAULT = new ScramSha256(4096);
        /** Dovecot's {@code scram_generate} draws 16 random bytes. */
        static final int SALT_BYTES = 16;

        public ScramSha256 {
            if (iterations < ScramSha256Hash.MIN_ITERATIONS || iterations > ScramSha256Hash.MAX_ITERATIONS) {
                throw new IllegalArgumentException("SCRAM-SHA-256 iterations must be within "
                        + ScramSha256Hash.MIN_ITERATIONS + ".." + ScramSha256Hash.MAX_ITERATIONS);
            }
        }

        @Override
        public String hash(String password) {
            byte[] salt = Salts.bytes(SALT_BYTES);
            var keys = ScramKeys.derive(PasswordHasher.checkedBytes(password), salt, iterations);
            return new ScramSha256Hash(iterations, ScramSha256Hash.encode(salt),
                    ScramSha256Hash.encode(keys.storedKey()), ScramSha256Hash.encode(keys.serverKey())).encoded();
        }
    }
}
