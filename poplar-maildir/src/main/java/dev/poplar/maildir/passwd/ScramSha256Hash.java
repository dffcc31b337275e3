// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import dev.poplar.server.spi.ScramCredential;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SCRAM-SHA-256 keys ({@code {SCRAM-SHA-256}}) in the format {@code doveadm pw -s SCRAM-SHA-256} writes
 * (Dovecot src/auth/password-scheme-scram.c, {@code scram_generate} and {@code scram_scheme_parse}):
 * {@code <iterations>,<base64 salt>,<base64 StoredKey>,<base64 ServerKey>}, standard base64 with
 * padding. Serves the SCRAM-SHA-256 mechanism directly ({@link #credential}) and also checks a USER/PASS
 * or AUTH PLAIN password by recomputing StoredKey (RFC 5802 §3). Immutable.
 *
 * <p>Dovecot's readers accept the same fields; ours also bounds the iterations from above and the salt
 * length, so that a hostile or mistaken entry cannot make a login expensive.
 *
 * @param iterations the PBKDF2 iteration count {@code i}
 * @param salt       the salt, base64 as written
 * @param storedKey  StoredKey = H(ClientKey), base64 as written (32 bytes)
 * @param serverKey  ServerKey = HMAC(SaltedPassword, "Server Key"), base64 as written (32 bytes)
 */
public record ScramSha256Hash(int iterations, String salt, String storedKey, String serverKey)
        implements StoredPassword {

    /**
     * Fewest iterations: RFC 7677 §4 ("at least 4096"), and Dovecot's {@code SCRAM_MIN_ITERATE_COUNT},
     * which refuses fewer too.
     */
    public static final int MIN_ITERATIONS = 4096;
    /**
     * Most iterations: about half a second here. Dovecot allows up to INT_MAX (hours per check), which
     * would let a users file stall every login.
     */
    public static final int MAX_ITERATIONS = 1_000_000;
    /** Salt length bounds in bytes: Dovecot writes 16; other tools write 12 to 32. */
    public static final int MIN_SALT_BYTES = 8, MAX_SALT_BYTES = 64;

    private static final System.Logger LOG = System.getLogger(ScramSha256Hash.class.getName());

    // Bounded runs, so that a huge field is refused before decoding. A 32-byte key is 43 base64
    // characters and one '=' of padding; Dovecot writes the padding, and unpadded is accepted too.
    private static final Pattern FORMAT = Pattern.compile(
            "([0-9]{1,10}),([A-Za-z0-9+/]{2,88}={0,2}),([A-Za-z0-9+/]{43}=?),([A-Za-z0-9+/]{43}=?)");

    public ScramSha256Hash {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        String problem = check(iterations, salt, storedKey, serverKey);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /** Parses what follows {@code {SCRAM-SHA-256}}. */
    static ScramSha256Hash parse(String data) throws InvalidHashException {
        Matcher m = FORMAT.matcher(data);
        if (!m.matches()) throw new InvalidHashException("malformed SCRAM-SHA-256 entry");
        long iterations = Long.parseLong(m.group(1)); // at most 10 digits: cannot overflow a long
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new InvalidHashException("SCRAM-SHA-256 iterations out of range");
        }
        String problem = check((int) iterations, m.group(2), m.group(3), m.group(4));
        if (problem != null) throw new InvalidHashException(problem);
        return new ScramSha256Hash((int) iterations, m.group(2), m.group(3), m.group(4));
    }

    /** The reason the fields are refused, or {@code null}. Fixed wording, never the field. */
    private static String check(int iterations, String salt, String storedKey, String serverKey) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) return "SCRAM-SHA-256 iterations out of range";
        try {
            int n = decode(salt).length;
            if (n < MIN_SALT_BYTES || n > MAX_SALT_BYTES) return "SCRAM-SHA-256 salt length out of range";
        } catch (IllegalArgumentException e) {
            return "SCRAM-SHA-256 salt is not valid base64";
        }
        // Exactly one SHA-256 output each, as Dovecot's scram_scheme_parse requires.
        if (!isKey(storedKey)) return "SCRAM-SHA-256 StoredKey is not 32 bytes of base64";
        if (!isKey(serverKey)) return "SCRAM-SHA-256 ServerKey is not 32 bytes of base64";
        return null;
    }

    private static boolean isKey(String base64) {
        try {
            return decode(base64).length == ScramKeys.KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    /** Encodes as Dovecot's base64_encode does: standard alphabet, with padding. */
    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The keys, for the SCRAM-SHA-256 mechanism. */
    public ScramCredential credential() {
        return new ScramCredential(decode(salt), iterations, decode(storedKey), decode(serverKey));
    }

    @Override
    public String schemeName() {
        return Scheme.SCRAM_SHA_256.dovecotName();
    }

    /**
     * {@inheritDoc}
     *
     * <p>RFC 5802 §3: the server recomputes StoredKey from the password and compares; ServerKey plays no
     * part.
     */
    @Override
    public boolean matches(byte[] password) {
        if (password.length > MAX_PASSWORD_BYTES) return false;
        try {
            byte[] expected = decode(storedKey);
            byte[] actual = ScramKeys.storedKey(password, decode(salt), iterations);
            try {
                return MessageDigest.isEqual(actual, expected);
            } finally {
                ScramKeys.wipe(actual, expected);
            }
        } catch (RuntimeException e) {
            // Cannot happen for a parsed value; a mismatch is the safe answer. Class only: no data.
            LOG.log(Level.WARNING, "SCRAM-SHA-256 check failed: {0}", e.getClass().getName());
            return false;
        }
    }

    /**
     * {@code false}: PBKDF2 is key stretching, but 4096 iterations (the usual count) take a few
     * milliseconds against about 100 ms for the default Argon2id. Answered that fast, a login would show
     * that the name exists (RFC 1939 §13), so the authenticator pads it with the dummy hash.
     */
    @Override
    public boolean isKeyStretched() {
        return false;
    }

    @Override
    public String encoded() {
        return "{" + Scheme.SCRAM_SHA_256.dovecotName() + "}" + iterations + "," + salt + "," + storedKey + ","
                + serverKey;
    }

    @Override
    public String toString() {
        return "ScramSha256Hash[iterations=" + iterations + ", redacted]";
    }
}
