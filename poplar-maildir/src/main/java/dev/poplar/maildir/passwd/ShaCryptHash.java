// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * A glibc SHA-crypt hash, {@code $5$} (SHA-256) or {@code $6$} (SHA-512), as written by
 * {@code openssl passwd}, {@code mkpasswd} and {@code doveadm pw}. Checked with commons-codec
 * {@link Sha2Crypt}. Immutable.
 *
 * @param scheme        {@link Scheme#SHA256_CRYPT} or {@link Scheme#SHA512_CRYPT}
 * @param rounds        the number of rounds, {@value #DEFAULT_ROUNDS} when the string names none
 * @param roundsWritten whether the string carries {@code rounds=N$} (it is part of the setting)
 * @param salt          1-16 characters of the crypt alphabet
 * @param hash          the hash, 43 (SHA-256) or 86 (SHA-512) characters of the crypt alphabet
 */
public record ShaCryptHash(Scheme scheme, int rounds, boolean roundsWritten, String salt, String hash)
        implements StoredPassword {

    /** glibc's rounds when none are written. */
    public static final int DEFAULT_ROUNDS = 5000;
    /** glibc's minimum; smaller values are silently raised by crypt(3), so a file naming them is wrong. */
    public static final int MIN_ROUNDS = 1000;
    /**
     * Our maximum. glibc accepts up to 999,999,999, which takes minutes: a users file naming that could
     * stall every login. One million is about a second here, 200 times the glibc default.
     */
    public static final int MAX_ROUNDS = 1_000_000;

    private static final System.Logger LOG = System.getLogger(ShaCryptHash.class.getName());

    // Salt: glibc reads at most 16 characters; commons-codec accepts only the crypt alphabet.
    private static final Pattern FORMAT = Pattern.compile(
            "\\$([56])\\$(?:rounds=([0-9]{1,10})\\$)?([./0-9A-Za-z]{1,16})\\$([./0-9A-Za-z]{43}|[./0-9A-Za-z]{86})");
    private static final Pattern SALT = Pattern.compile("[./0-9A-Za-z]{1,16}");
    private static final Pattern HASH = Pattern.compile("[./0-9A-Za-z]+");

    public ShaCryptHash {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        if (scheme != Scheme.SHA256_CRYPT && scheme != Scheme.SHA512_CRYPT) {
            throw new IllegalArgumentException("not a SHA-crypt scheme: " + scheme);
        }
        if (rounds < MIN_ROUNDS || rounds > MAX_ROUNDS) throw new IllegalArgumentException("rounds out of range");
        if (!roundsWritten && rounds != DEFAULT_ROUNDS) throw new IllegalArgumentException("rounds must be written");
        if (!SALT.matcher(salt).matches()) throw new IllegalArgumentException("malformed SHA-crypt salt");
        int hashLength = scheme == Scheme.SHA512_CRYPT ? 86 : 43;
        if (hash.length() != hashLength || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("malformed SHA-crypt hash");
        }
    }

    /**
     * Parses {@code $5$...} or {@code $6$...}.
     *
     * @param expected the scheme the {@code {SCHEME}} prefix named, or {@code null} to take the one the
     *                 string says
     */
    static ShaCryptHash parse(String s, Scheme expected) throws InvalidHashException {
        Matcher m = FORMAT.matcher(s);
        if (!m.matches()) throw new InvalidHashException("malformed SHA-crypt hash");
        Scheme scheme = m.group(1).equals("6") ? Scheme.SHA512_CRYPT : Scheme.SHA256_CRYPT;
        // Strict: {SHA512-CRYPT} with a $5$ string is a mistake in the file, not a second spelling.
        if (expected != null && expected != scheme) {
            throw new InvalidHashException("crypt prefix does not match scheme");
        }
        int hashLength = scheme == Scheme.SHA512_CRYPT ? 86 : 43;
        if (m.group(4).length() != hashLength) throw new InvalidHashException("SHA-crypt hash has the wrong length");
        int rounds = DEFAULT_ROUNDS;
        if (m.group(2) != null) {
            long r = Long.parseLong(m.group(2)); // at most 10 digits: cannot overflow a long
            if (r < MIN_ROUNDS || r > MAX_ROUNDS) throw new InvalidHashException("SHA-crypt rounds out of range");
            rounds = (int) r;
        }
        return new ShaCryptHash(scheme, rounds, m.group(2) != null, m.group(3), m.group(4));
    }

    /** The crypt(3) setting: everything up to the hash. */
    String setting() {
        String prefix = scheme == Scheme.SHA512_CRYPT ? "$6$" : "$5$";
        return prefix + (roundsWritten ? "rounds=" + rounds + "$" : "") + salt;
    }

    @Override
    public String schemeName() {
        return scheme.dovecotName();
    }

    @Override
    public boolean matches(byte[] password) {
        // The cost grows with length times rounds; see MAX_PASSWORD_BYTES.
        if (password.length > MAX_PASSWORD_BYTES) return false;
        try {
            // Sha2Crypt wipes the key array it is given, so it gets a copy.
            byte[] key = password.clone();
            String computed = scheme == Scheme.SHA512_CRYPT
                    ? Sha2Crypt.sha512Crypt(key, setting())
                    : Sha2Crypt.sha256Crypt(key, setting());
            String computedHash = computed.substring(computed.lastIndexOf('$') + 1);
            return MessageDigest.isEqual(
                    computedHash.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            // Cannot happen for a parsed value; a mismatch is the safe answer. Class only: no data.
            LOG.log(Level.WARNING, "SHA-crypt check failed: {0}", e.getClass().getName());
            return false;
        }
    }

    @Override
    public boolean isKeyStretched() {
        return true;
    }

    @Override
    public String encoded() {
        return "{" + scheme.dovecotName() + "}" + setting() + "$" + hash;
    }

    @Override
    public String toString() {
        return "ShaCryptHash[" + scheme.dovecotName() + ", rounds=" + rounds + ", redacted]";
    }
}
