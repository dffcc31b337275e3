// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * LOGIN (draft-murchison-sasl-login): the server asks {@code Username:} then {@code Password:}, the
 * client answers each in one response; checked with the {@link dev.poplar.server.spi.Authenticator}.
 * Stateless and thread-safe; each exchange belongs to one session thread.
 */
final class LoginMechanism implements SaslMechanism {

    // draft-murchison-sasl-login §2: clients ignore the prompts' content, but these are what they expect.
    private static final byte[] USERNAME_PROMPT = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD_PROMPT = "Password:".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public boolean sendsPassword() {
        return true;
    }

    @Override
    public boolean isAvailable(SaslContext context) {
        return context.authenticator() != null;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new Exchange(context);
    }

    private static final class Exchange implements SaslExchange {
        private enum Expect { FIRST, USER, PASSWORD, NOTHING }

        private final SaslContext context;
        private Expect expect = Expect.FIRST;
        private String user;

        Exchange(SaslContext context) {
            this.context = context;
        }

        @Override
        public SaslStep step(byte[] response) throws StoreException {
            switch (expect) {
                case FIRST -> {
                    if (response == null) {
                        expect = Expect.USER;
                        return new SaslStep.Challenge(USERNAME_PROMPT.clone());
                    }
                    // draft-murchison-sasl-login §2: the client may send the user name as initial response.
                    return user(response);
                }
                case USER -> {
                    return user(response);
                }
                case PASSWORD -> {
                    expect = Expect.NOTHING;
                    return password(response);
                }
                default -> {
                    return SaslCodec.malformed(user);
                }
            }
        }

        private SaslStep user(byte[] response) {
            String name = SaslCodec.bounded(response) ? SaslCodec.utf8(response) : null;
            if (!SaslCodec.plausibleUser(name)) {
                expect = Expect.NOTHING;
                return SaslCodec.malformed(null);
            }
            user = name;
            expect = Expect.PASSWORD;
            return new SaslStep.Challenge(PASSWORD_PROMPT.clone());
        }

        private SaslStep password(byte[] response) throws StoreException {
            String password = SaslCodec.bounded(response) ? SaslCodec.utf8(response) : null;
            // Same rule as PLAIN's passwd (RFC 4616 §2): non-empty, no NUL.
            if (password == null || password.isEmpty() || password.indexOf('\0') >= 0) return SaslCodec.malformed(user);
            if (context.authenticator() == null) return SaslCodec.denied(user);
            Optional<Account> account = context.authenticator().authenticate(user, password);
            return account.<SaslStep>map(a -> new SaslStep.Success(a, null)).orElseGet(() -> SaslCodec.denied(user));
        }
    }
}
