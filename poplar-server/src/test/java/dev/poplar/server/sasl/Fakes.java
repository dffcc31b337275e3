// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.ScramCredential;
import dev.poplar.server.spi.StoreException;
import dev.poplar.server.spi.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small in-memory stand-ins for the SPI, and helpers to drive an exchange. */
final class Fakes {
    private Fakes() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** An authenticator over user → password, recording every call. */
    record Passwords(Map<String, String> users, List<String> calls) implements Authenticator {
        Passwords(Map<String, String> users) {
            this(users, new ArrayList<>());
        }

        @Override
        public Optional<Account> authenticate(String user, String password) {
            calls.add(user);
            return password.equals(users.get(user)) ? Optional.of(new Account(user)) : Optional.empty();
        }
    }

    /** A credential store with fixed contents, recording the names it was asked about. */
    record Store(Set<SecretKind> secretKinds, Map<String, String> plaintext, Map<String, ScramCredential> scram,
                 List<String> asked) implements CredentialStore {
        Store(Set<SecretKind> kinds, Map<String, String> plaintext, Map<String, ScramCredential> scram) {
            this(kinds, plaintext, scram, new ArrayList<>());
        }

        @Override
        public Optional<String> plaintextPassword(String user) {
            asked.add(user);
            return Optional.ofNullable(plaintext.get(user));
        }

        @Override
        public Optional<ScramCredential> scramSha256(String user) {
            asked.add(user);
            return Optional.ofNullable(scram.get(user));
        }
    }

    /** A token verifier over token → user; an empty user name lets the token alone decide. */
    record Tokens(Map<String, String> owners, List<String> seenUsers) implements TokenVerifier {
        Tokens(Map<String, String> owners) {
            this(owners, new ArrayList<>());
        }

        @Override
        public Optional<Account> verify(String user, String token) {
            seenUsers.add(user);
            String owner = owners.get(token);
            if (owner == null || (!user.isEmpty() && !user.equals(owner))) return Optional.empty();
            return Optional.of(new Account(owner));
        }
    }

    static final TokenVerifier BROKEN_TOKENS = (user, token) -> {
        throw StoreException.temporary("identity provider down", null);
    };

    static SaslContext context(Authenticator a, CredentialStore c, TokenVerifier t, byte[] channelBinding) {
        return new SaslContext(a, c, t, channelBinding, "pop.example.net");
    }

    static SaslStep.Challenge challenge(SaslStep step) {
        return assertInstanceOf(SaslStep.Challenge.class, step);
    }

    static String challengeText(SaslStep step) {
        return text(challenge(step).data());
    }

    static SaslStep.Success success(SaslStep step) {
        return assertInstanceOf(SaslStep.Success.class, step);
    }

    static void assertFailure(SaslStep step, String user, boolean malformed) {
        SaslStep.Failure f = assertInstanceOf(SaslStep.Failure.class, step);
        assertEquals(new SaslStep.Failure(user, malformed), f);
    }
}
