// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.CredentialStore;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;

/**
 * SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677), the latter with the RFC 5929
 * {@code tls-server-end-point} channel binding. Immutable and thread-safe; each exchange belongs to one
 * session thread.
 */
final class ScramSha256Mechanism implements SaslMechanism {

    /** RFC 7677 §4: the iteration count SHOULD be at least 4096; the stand-in for unknown users uses this. */
    static final int DEFAULT_FAKE_ITERATIONS = 4096;

    /** Random octets in the server's part of the nonce (RFC 5802 §5.1 asks for a fresh, unpredictable one). */
    static final int SERVER_NONCE_OCTETS = 24;

    private final boolean plus;
    private final int fakeIterations;
    private final Supplier<String> serverNonce;

    ScramSha256Mechanism(boolean plus, int fakeIterations) {
        this(plus, fakeIterations, ScramSha256Mechanism::randomNonce);
    }

    /** Package-private so that tests can replay the RFC 7677 §3 example with its fixed server nonce. */
    ScramSha256Mechanism(boolean plus, int fakeIterations, Supplier<String> serverNonce) {
        if (fakeIterations < 1) throw new IllegalArgumentException("fakeIterations must be positive");
        this.plus = plus;
        this.fakeIterations = fakeIterations;
        this.serverNonce = serverNonce;
    }

    private static String randomNonce() {
        // Base64 of 24 octets: 32 chars, all printable and none a comma (RFC 5802 §7 printable).
        return Base64.getEncoder().encodeToString(SaslCodec.randomBytes(SERVER_NONCE_OCTETS));
    }

    @Override
    public String name() {
        return plus ? "SCRAM-SHA-256-PLUS" : "SCRAM-SHA-256";
    }

    @Override
    public boolean sendsPassword() {
        return false;
    }

    @Override
    public boolean isAvailable(SaslContext context) {
        if (!hasScramSecrets(context.credentials())) return false;
        // RFC 5802 §6: -PLUS only where a channel binding exists (here: TLS, tls-server-end-point).
        return !plus || hasChannelBinding(context);
    }

    /** SCRAM keys kept, or a plaintext secret the store derives them from. */
    private static boolean hasScramSecrets(CredentialStore store) {
        if (store == null) return false;
        Set<CredentialStore.SecretKind> kinds = store.secretKinds();
        return kinds != null
                && (kinds.contains(CredentialStore.SecretKind.SCRAM_SHA_256) || kinds.contains(CredentialStore.SecretKind.PLAINTEXT));
    }

    static boolean hasChannelBinding(SaslContext context) {
        return context.channelBinding() != null && context.channelBinding().length > 0;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new ScramExchange(context, plus, fakeIterations, serverNonce);
    }

    @Override
    public String toString() {
        return name();
    }
}
