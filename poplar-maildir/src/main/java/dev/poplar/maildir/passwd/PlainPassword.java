// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A plaintext password ({@code {PLAIN}}, {@code {CLEAR}}, {@code {CLEARTEXT}}). Kept for the SASL
 * mechanisms that need the secret itself (CRAM-MD5, APOP); avoid it otherwise. Immutable.
 *
 * @param secret the password; never empty
 */
public record PlainPassword(String secret) implements StoredPassword {
    public PlainPassword {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) throw new IllegalArgumentException("empty plaintext password");
    }

    @Override
    public String schemeName() {
        return Scheme.PLAIN.dovecotName();
    }

    @Override
    public boolean matches(byte[] password) {
        // The client's bytes go first: MessageDigest.isEqual takes time in the length of its first
        // argument, so this leaks the length of what the client sent, not of the stored secret.
        return MessageDigest.isEqual(password, secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isKeyStretched() {
        return false;
    }

    @Override
    public String encoded() {
        return "{" + Scheme.PLAIN.dovecotName() + "}" + secret;
    }

    @Override
    public String toString() {
        return "PlainPassword[redacted]";
    }
}
