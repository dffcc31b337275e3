// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A bcrypt hash ({@code BLF-CRYPT}): {@code $2y$}, {@code $2b$} or {@code $2a$}, cost, 22 characters
 * of salt, 31 of hash. Checked with Bouncy Castle {@link OpenBSDBCrypt}. bcrypt reads at most 72 bytes
 * of a password, like every other implementation. Immutable.
 *
 * @param version {@code 2y}, {@code 2b} or {@code 2a} (the same algorithm for passwords under 256 bytes;
 *                {@code $2x$}, the buggy one, is refused)
 * @param cost    log2 of the number of rounds
 * @param salt    22 characters of the bcrypt alphabet
 * @param hash    31 characters of the bcrypt alphabet
 */
public record BcryptHash(String version, int cost, String salt, String hash) implements StoredPassword {

    /** bcrypt's own minimum. */
    public static final int MIN_COST = 4;
    /**
     * Our maximum: cost 15 is about 2 seconds here. bcrypt allows 31 (days per check), which would let a
     * users file stall every login.
     */
    public static final int MAX_COST = 15;

    private static final System.Logger LOG = System.getLogger(BcryptHash.class.getName());
    private static final Pattern FORMAT =
            Pattern.compile("\\$(2[aby])\\$([0-9]{2})\\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})");
    private static final String BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public BcryptHash {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        if (!FORMAT.matcher("$" + version + "$" + "%02d".formatted(cost) + "$" + salt + hash).matches()) {
            throw new IllegalArgumentException("malformed bcrypt components");
        }
        if (cost < MIN_COST || cost > MAX_COST) throw new IllegalArgumentException("bcrypt cost out of range");
    }

    static BcryptHash parse(String s) throws InvalidHashException {
        Matcher m = FORMAT.matcher(s);
        if (!m.matches()) throw new InvalidHashException("malformed bcrypt hash");
        int cost = Integer.parseInt(m.group(2)); // two digits
        if (cost < MIN_COST || cost > MAX_COST) throw new InvalidHashException("bcrypt cost out of range");
        try {
            decodeSalt(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new InvalidHashException("bcrypt salt cannot be decoded");
        }
        return new BcryptHash(m.group(1), cost, m.group(3), m.group(4));
    }

    /**
     * Decodes bcrypt's base64 (its own alphabet, no padding) by mapping it onto the standard alphabet,
     * which has the same bit layout.
     */
    static byte[] decodeSalt(String salt) {
        char[] mapped = new char[salt.length()];
        for (int i = 0; i < mapped.length; i++) {
            mapped[i] = BASE64_ALPHABET.charAt(BCRYPT_ALPHABET.indexOf(salt.charAt(i)));
        }
        byte[] bytes = Base64.getDecoder().decode(new String(mapped));
        if (bytes.length != 16) throw new IllegalArgumentException("bcrypt salt is not 16 bytes");
        return bytes;
    }

    @Override
    public String schemeName() {
        return Scheme.BLF_CRYPT.dovecotName();
    }

    @Override
    public boolean matches(byte[] password) {
        try {
            String computed = OpenBSDBCrypt.generate(version, password.clone(), decodeSalt(salt), cost);
            // Compare the hash part only: version, cost and salt were taken from the stored string.
            String computedHash = computed.substring(computed.length() - hash.length());
            return MessageDigest.isEqual(
                    computedHash.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            // Cannot happen for a parsed value; a mismatch is the safe answer. Class only: no data.
            LOG.log(Level.WARNING, "bcrypt check failed: {0}", e.getClass().getName());
            return false;
        }
    }

    @Override
    public boolean isKeyStretched() {
        return true;
    }

    @Override
    public String encoded() {
        return "{" + Scheme.BLF_CRYPT.dovecotName() + "}$" + version + "$" + "%02d".formatted(cost) + "$" + salt + hash;
    }

    @Override
    public String toString() {
        return "BcryptHash[" + version + ", cost=" + cost + ", redacted]";
    }
}
