// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

import java.util.Optional;
import java.util.Set;

/**
 * Optional add-on to an {@link Authenticator}: gives the stored secrets that challenge-response
 * mechanisms need (CRAM-MD5 and APOP need a plaintext-equivalent secret; SCRAM needs its salted keys).
 * The server discovers it with {@code instanceof}. Thread-safe, like the authenticator.
 */
public interface CredentialStore {

    /** The kinds of secret this store holds for at least some users; mechanisms needing others are never offered. */
    Set<SecretKind> secretKinds();

    /**
     * A user's plaintext-equivalent password, if the store keeps one for that user.
     * Empty for unknown users and for users stored only as a hash.
     */
    Optional<String> plaintextPassword(String user) throws StoreException;

    /**
     * A user's SCRAM-SHA-256 keys (RFC 5802 §3, RFC 7677), if the store keeps them or can derive them
     * (from a plaintext password). Empty for unknown users.
     */
    Optional<ScramCredential> scramSha256(String user) throws StoreException;

    /** What a store may keep besides one-way password hashes. */
    enum SecretKind {
        /** the password itself, or an equivalent (Dovecot {@code {PLAIN}}) */
        PLAINTEXT,
        /** SCRAM-SHA-256 salted keys (Dovecot {@code {SCRAM-SHA-256}}) */
        SCRAM_SHA_256
    }
}
