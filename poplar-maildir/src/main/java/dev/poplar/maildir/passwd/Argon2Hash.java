// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2 hash in the libsodium encoding that {@code doveadm pw} and the reference {@code argon2}
 * tool write: {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}, base64 without
 * padding. Checked with Bouncy Castle {@link Argon2BytesGenerator}. Immutable.
 *
 * @param scheme     {@link Scheme#ARGON2ID} or {@link Scheme#ARGON2I}
 * @param memoryKib  memory cost in KiB ({@code m})
 * @param iterations passes over memory ({@code t})
 * @param lanes      parallelism ({@code p})
 * @param salt       the salt, base64 without padding
 * @param hash       the hash, base64 without padding
 */
public record Argon2Hash(Scheme scheme, int memoryKib, int iterations, int lanes, String salt, String hash)
        implements StoredPassword {

    /**
     * Most memory one check may use: 256 MiB (libsodium's "moderate" limit). Each check allocates all of
     * it, so a users file with gigabytes here could exhaust the heap.
     */
    public static final int MAX_MEMORY_KIB = 256 * 1024;
    /** Most passes. */
    public static final int MAX_ITERATIONS = 16;
    /** Most lanes; Bouncy Castle computes them one after the other, so more buys nothing. */
    public static final int MAX_LANES = 16;
    /**
     * Most work per check, memory times passes: about 1.5 s here, five times the default. Bounds the time
     * a hostile or mistaken entry can hold a login (and a verification permit).
     */
    public static final long MAX_WORK_KIB = 1024L * 1024;
    /** Salt length bounds in bytes: the reference tool's minimum, and a generous maximum. */
    public static final int MIN_SALT_BYTES = 8, MAX_SALT_BYTES = 64;
    /** Hash length bounds in bytes: libsodium's minimum, and a generous maximum. */
    public static final int MIN_HASH_BYTES = 16, MAX_HASH_BYTES = 64;

    private static final System.Logger LOG = System.getLogger(Argon2Hash.class.getName());
    private static final int VERSION_13 = 19;

    // Fixed field order, as libsodium requires. Digit runs are bounded so parsing cannot overflow, and
    // base64 runs are bounded so a huge line is refused before decoding.
    private static final Pattern FORMAT = Pattern.compile(
            "\\$(argon2id|argon2i)\\$v=([0-9]{1,4})\\$m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,10})"
                    + "\\$([A-Za-z0-9+/]{1,100})\\$([A-Za-z0-9+/]{1,100})");

    public Argon2Hash {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        if (scheme != Scheme.ARGON2ID && scheme != Scheme.ARGON2I) {
            throw new IllegalArgumentException("not an Argon2 scheme: " + scheme);
        }
        String problem = checkCosts(memoryKib, iterations, lanes);
        if (problem != null) throw new IllegalArgumentException(problem);
        problem = checkLength(salt, MIN_SALT_BYTES, MAX_SALT_BYTES, "salt");
        if (problem == null) problem = checkLength(hash, MIN_HASH_BYTES, MAX_HASH_BYTES, "hash");
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /**
     * Parses {@code $argon2id$...} or {@code $argon2i$...}.
     *
     * @param expected the scheme the {@code {SCHEME}} prefix named, or {@code null} to take the string's
     */
    static Argon2Hash parse(String s, Scheme expected) throws InvalidHashException {
        Matcher m = FORMAT.matcher(s);
        if (!m.matches()) throw new InvalidHashException("malformed Argon2 hash");
        Scheme scheme = m.group(1).equals("argon2id") ? Scheme.ARGON2ID : Scheme.ARGON2I;
        // Strict: {ARGON2ID} with an argon2i string is a mistake in the file, not a second spelling.
        if (expected != null && expected != scheme) {
            throw new InvalidHashException("Argon2 variant does not match scheme");
        }
        // libsodium only checks version 1.3 (19); the older 1.0 is refused there too.
        if (!m.group(2).equals(Integer.toString(VERSION_13))) {
            throw new InvalidHashException("Argon2 version is not 19");
        }
        long memory = Long.parseLong(m.group(3));
        long iterations = Long.parseLong(m.group(4));
        long lanes = Long.parseLong(m.group(5));
        if (memory > MAX_MEMORY_KIB || iterations > MAX_ITERATIONS || lanes > MAX_LANES) {
            throw new InvalidHashException("Argon2 cost out of range");
        }
        String problem = checkCosts((int) memory, (int) iterations, (int) lanes);
        if (problem == null) problem = checkLength(m.group(6), MIN_SALT_BYTES, MAX_SALT_BYTES, "salt");
        if (problem == null) problem = checkLength(m.group(7), MIN_HASH_BYTES, MAX_HASH_BYTES, "hash");
        if (problem != null) throw new InvalidHashException(problem);
        return new Argon2Hash(scheme, (int) memory, (int) iterations, (int) lanes, m.group(6), m.group(7));
    }

    /** The reason the costs are refused, or {@code null}. */
    static String checkCosts(int memoryKib, int iterations, int lanes) {
        if (lanes < 1 || lanes > MAX_LANES) return "Argon2 lanes out of range";
        if (iterations < 1 || iterations > MAX_ITERATIONS) return "Argon2 iterations out of range";
        // Argon2 needs at least 8 KiB per lane (RFC 9106 §3.1).
        if (memoryKib < 8L * lanes || memoryKib > MAX_MEMORY_KIB) return "Argon2 memory out of range";
        if ((long) memoryKib * iterations > MAX_WORK_KIB) return "Argon2 work (memory times passes) out of range";
        return null;
    }

    /** The reason a base64 field is refused, or {@code null}. */
    private static String checkLength(String base64, int min, int max, String what) {
        try {
            int n = decode(base64).length;
            return n < min || n > max ? "Argon2 " + what + " length out of range" : null;
        } catch (IllegalArgumentException e) {
            return "Argon2 " + what + " is not valid base64";
        }
    }

    private static byte[] decode(String base64) {
        // The encoding has no padding; a '=' would be refused by the pattern already.
        if (base64.length() % 4 == 1) throw new IllegalArgumentException("impossible base64 length");
        return Base64.getDecoder().decode(base64);
    }

    /** Encodes bytes the way libsodium does: standard alphabet, no padding. */
    static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Computes the Argon2 tag of a password with the given costs and salt. */
    static byte[] compute(Scheme scheme, int memoryKib, int iterations, int lanes, byte[] salt, byte[] password,
            int length) {
        int type = scheme == Scheme.ARGON2ID ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i;
        Argon2Parameters params = new Argon2Parameters.Builder(type)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.clone(), out);
        return out;
    }

    @Override
    public String schemeName() {
        return scheme.dovecotName();
    }

    @Override
    public boolean matches(byte[] password) {
        try {
            byte[] expected = decode(hash);
            byte[] actual = compute(scheme, memoryKib, iterations, lanes, decode(salt), password, expected.length);
            return MessageDigest.isEqual(actual, expected);
        } catch (RuntimeException e) {
            // Cannot happen for a parsed value; a mismatch is the safe answer. Class only: no data.
            LOG.log(Level.WARNING, "Argon2 check failed: {0}", e.getClass().getName());
            return false;
        }
    }

    @Override
    public boolean isKeyStretched() {
        return true;
    }

    @Override
    public String encoded() {
        String variant = scheme == Scheme.ARGON2ID ? "argon2id" : "argon2i";
        return "{" + scheme.dovecotName() + "}$" + variant + "$v=" + VERSION_13 + "$m=" + memoryKib + ",t=" + iterations
                + ",p=" + lanes + "$" + salt + "$" + hash;
    }

    @Override
    public String toString() {
        return "Argon2Hash[" + scheme.dovecotName() + ", m=" + memoryKib + ", t=" + iterations + ", p=" + lanes
                + ", redacted]";
    }
}
