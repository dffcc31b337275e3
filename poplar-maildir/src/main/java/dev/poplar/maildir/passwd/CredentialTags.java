// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes {@link dev.poplar.server.spi.Account#credentialTag() credential tags}: a short keyed digest of a
 * user's stored password field, so that WAKE can tell that the password changed since login (seed
 * extension SLEE/WAKE) without the account carrying the field. Thread-safe: each call uses its own
 * {@link Mac}.
 *
 * <p>The digest is an HMAC-SHA-256 under a random key made for this instance (so for this process), not
 * a plain hash: a {@code {PLAIN}} field holds the password itself, and an unkeyed digest of it that
 * reached a heap dump or a log would be a fast offline guessing target. Tags therefore only compare
 * within one instance, which is all WAKE needs.
 */
final class CredentialTags {
    /** Hex characters kept: 64 bits, far more than enough to notice a change. */
    static final int LENGTH = 16;

    private final SecretKeySpec key = new SecretKeySpec(Salts.bytes(32), "HmacSHA256");

    /** The tag of an entry's current password field. */
    String of(UserEntry entry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // The name is included so that two users with one (copied) field still get different tags.
            mac.update(entry.name().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] digest = mac.doFinal(entry.password().encoded().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }
}
