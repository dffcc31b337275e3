// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.security.SecureRandom;

/** Random salts for new hashes, from one shared {@link SecureRandom} (which is thread-safe). Stateless. */
final class Salts {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CRYPT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Salts() {}

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code n} characters of the crypt(3) alphabet, each uniformly drawn (nextInt has no modulo bias). */
    static String cryptSalt(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(CRYPT_ALPHABET.charAt(RANDOM.nextInt(CRYPT_ALPHABET.length())));
        return sb.toString();
    }
}
