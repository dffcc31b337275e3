// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import dev.poplar.server.spi.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The SCRAM-SHA-256 key derivation of RFC 5802 §3 (with SHA-256, RFC 7677). Stateless and thread-safe.
 *
 * <pre>
 * SaltedPassword = Hi(password, salt, i)      PBKDF2-HMAC-SHA-256 with one 32-byte block (RFC 8018 §5.2)
 * ClientKey      = HMAC(SaltedPassword, "Client Key")
 * StoredKey      = H(ClientKey)
 * ServerKey      = HMAC(SaltedPassword, "Server Key")
 * </pre>
 *
 * <p>The password is taken as its UTF-8 bytes without SASLprep (RFC 4013), as Dovecot does
 * (password-scheme-scram.c: "credentials should be SASLprepped UTF8 data here" is a FIXME there), so
 * keys made by {@code doveadm pw} and by Poplar agree. For passwords already in NFKC without special
 * spaces, which covers every ASCII password, SASLprep changes nothing anyway.
 */
final class ScramKeys {
    private ScramKeys() {}

    /** SHA-256 output: the length of StoredKey, ServerKey and SaltedPassword. */
    static final int KEY_BYTES = 32;

    /** StoredKey and ServerKey for a password. */
    static ScramCredential derive(byte[] password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = sha256(clientKey);
        byte[] serverKey = hmac(salted, "Server Key");
        try {
            return new ScramCredential(salt, iterations, storedKey, serverKey);
        } finally {
            wipe(salted, clientKey, storedKey, serverKey);
        }
    }

    /** Only StoredKey: what checking a USER/PASS password against stored keys needs. */
    static byte[] storedKey(byte[] password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        try {
            return sha256(clientKey);
        } finally {
            wipe(salted, clientKey);
        }
    }

    /** Hi() of RFC 5802 §2.2, which is PBKDF2 with HMAC-SHA-256 and dkLen = 32. */
    static byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
        // Bouncy Castle takes raw bytes (the JDK's PBKDF2 wants chars) and accepts an empty password.
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(password.clone(), salt.clone(), iterations);
        return ((KeyParameter) generator.generateDerivedMacParameters(KEY_BYTES * 8)).getKey();
    }

    /** HMAC-SHA-256 of an ASCII label. */
    static byte[] hmac(byte[] key, String label) {
        return hmac(key, label.getBytes(StandardCharsets.US_ASCII));
    }

    /** HMAC-SHA-256. */
    static byte[] hmac(byte[] key, byte[] message) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] out = new byte[KEY_BYTES];
        mac.doFinal(out, 0);
        return out;
    }

    static byte[] sha256(byte[] input) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(input, 0, input.length);
        byte[] out = new byte[KEY_BYTES];
        digest.doFinal(out, 0);
        return out;
    }

    /** Overwrites intermediate secrets, so they do not linger on the heap longer than needed. */
    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) Arrays.fill(a, (byte) 0);
    }
}
