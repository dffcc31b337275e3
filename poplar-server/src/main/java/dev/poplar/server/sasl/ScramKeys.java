// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SCRAM-SHA-256 server-side computations (RFC 5802 §3, RFC 7677) and the stand-in credential for users
 * the store does not know. Stateless apart from a per-process random key; safe from any thread.
 */
final class ScramKeys {
    private ScramKeys() {}

    private static final String HMAC = "HmacSHA256";

    /** Length of StoredKey and ServerKey: the SHA-256 output. */
    private static final int KEY_OCTETS = 32;

    /** Salt length of the stand-in credential until a real one is seen: what Dovecot and PostgreSQL generate. */
    private static final int DEFAULT_SALT_OCTETS = 16;

    /**
     * The salt length of the last real credential the store gave. Stand-ins copy it, so that a store
     * with other salts (or a mix of stores) does not make unknown users stand out by salt length.
     */
    private static volatile int observedSaltOctets = DEFAULT_SALT_OCTETS;

    /** The iteration count of the last real credential the store gave, or 0 before the first. */
    private static volatile int observedIterations;

    /**
     * Per-process key for stand-in credentials: a name's fake salt is stable while the process runs (so
     * repeated attempts cannot tell it from a real, stored salt) and cannot be predicted from outside.
     */
    private static final byte[] PROCESS_KEY = SaslCodec.randomBytes(32);

    /** Whether a stored credential can be used (right key lengths, a salt); else it is treated as absent. */
    static boolean usable(ScramCredential c) {
        return c != null && c.salt().length > 0 && c.storedKey().length == KEY_OCTETS && c.serverKey().length == KEY_OCTETS;
    }

    /**
     * A credential for a user the store does not know (or has no SCRAM secret for), so that the exchange
     * runs to the end exactly as for a real user (RFC 5802 §9 and RFC 7677 §4 call this out). No proof can
     * match it: its keys are HMAC outputs under a secret key, and the exchange refuses it anyway.
     */
    static ScramCredential fake(String user, int configuredIterations) {
        byte[] salt = Arrays.copyOf(derive("salt", user), observedSaltOctets);
        // A count chosen explicitly (SaslMechanisms.scramSha256) wins; the default follows the store.
        boolean isDefault = configuredIterations == ScramSha256Mechanism.DEFAULT_FAKE_ITERATIONS;
        int iterations = isDefault && observedIterations > 0 ? observedIterations : configuredIterations;
        return new ScramCredential(salt, iterations, derive("stored-key", user), derive("server-key", user));
    }

    /**
     * Records the shape of a real credential (salt length, iteration count) for later stand-ins, so that
     * an unknown user's server-first-message looks like a known user's (RFC 5802 §9).
     */
    static void observe(ScramCredential real) {
        int length = real.salt().length;
        if (length >= 1 && length <= 64) observedSaltOctets = length;
        if (real.iterations() >= 1 && real.iterations() <= 10_000_000) observedIterations = real.iterations();
    }

    private static byte[] derive(String purpose, String user) {
        return SaslCodec.hmac(HMAC, PROCESS_KEY, (purpose + "\0" + user).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * RFC 5802 §3: ClientSignature := HMAC(StoredKey, AuthMessage); ClientKey := ClientProof XOR
     * ClientSignature; the proof is right when H(ClientKey) equals StoredKey (compared in constant time).
     */
    static boolean proofMatches(ScramCredential c, byte[] authMessage, byte[] clientProof) {
        byte[] storedKey = c.storedKey();
        byte[] signature = SaslCodec.hmac(HMAC, storedKey, authMessage);
        if (clientProof.length != signature.length) return false;
        byte[] clientKey = new byte[signature.length];
        for (int i = 0; i < clientKey.length; i++) clientKey[i] = (byte) (clientProof[i] ^ signature[i]);
        return SaslCodec.sameBytes(SaslCodec.sha256(clientKey), storedKey);
    }

    /** RFC 5802 §3: ServerSignature := HMAC(ServerKey, AuthMessage). */
    static byte[] serverSignature(ScramCredential c, byte[] authMessage) {
        return SaslCodec.hmac(HMAC, c.serverKey(), authMessage);
    }
}
