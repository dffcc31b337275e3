// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/** RFC 1939 §7 APOP: the greeting timestamp and the digest check. Stateless; thread-safe. */
final class Apop {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Apop() {}

    /** A fresh timestamp in msg-id form, never reused: random, with the time and the host (RFC 1939 §7). */
    static String timestamp(String host) {
        byte[] r = new byte[12];
        RANDOM.nextBytes(r);
        return "<" + HexFormat.of().formatHex(r) + "." + System.currentTimeMillis() + "@" + host + ">";
    }

    /**
     * Checks {@code digest} = MD5(timestamp + secret) in constant time. A user without a plaintext
     * secret, or an unknown user, fails after the same work.
     */
    static Optional<Account> check(ServerConfig config, String timestamp, String user, String digest) throws StoreException {
        Optional<String> secret = config.authenticator() instanceof CredentialStore cs ? cs.plaintextPassword(user) : Optional.empty();
        byte[] expected = md5(timestamp + secret.orElse("\0no secret\0"));
        byte[] given = HexFormat.of().parseHex(digest);
        boolean match = MessageDigest.isEqual(expected, given);
        return match && secret.isPresent() ? Optional.of(new Account(user)) : Optional.empty();
    }

    private static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every JDK", e);
        }
    }
}
