// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * One OAUTHBEARER or XOAUTH2 exchange: one client message with a user and a bearer token; on a bad
 * token an error challenge, the client's fixed dummy answer, then failure (RFC 7628 §3.2.2, §3.2.3).
 * Used by one session thread.
 */
final class OAuthExchange implements SaslExchange {

    /** What a mechanism's parser makes of the client's message. */
    sealed interface Request {
        /** Well-formed: the user named (may be empty) and the bearer token. */
        record Valid(String user, String token) implements Request {}

        /** Malformed; {@code user} is the name the client claimed, if it got that far, for the log. */
        record Malformed(String user) implements Request {}
    }

    private enum Phase { FIRST, CHALLENGED, ERROR_SENT, DONE }

    private final SaslContext context;
    private final Function<String, Request> parser;
    private final byte[] errorChallenge;
    private final byte[] dummyResponse;
    private Phase phase = Phase.FIRST;
    private String user;

    /**
     * @param parser         reads the client's (UTF-8 decoded) message
     * @param errorChallenge the challenge sent when the token is refused
     * @param dummyResponse  the only valid answer to it
     */
    OAuthExchange(SaslContext context, Function<String, Request> parser, byte[] errorChallenge, byte[] dummyResponse) {
        this.context = context;
        this.parser = parser;
        this.errorChallenge = errorChallenge;
        this.dummyResponse = dummyResponse;
    }

    @Override
    public SaslStep step(byte[] response) throws StoreException {
        switch (phase) {
            case FIRST, CHALLENGED -> {
                if (response == null && phase == Phase.FIRST) {
                    // RFC 4422 §5: no initial response, so an empty challenge asks for the client's message.
                    phase = Phase.CHALLENGED;
                    return new SaslStep.Challenge(new byte[0]);
                }
                phase = Phase.DONE;
                return first(response);
            }
            case ERROR_SENT -> {
                phase = Phase.DONE;
                // RFC 7628 §3.2.3: after an error challenge the client sends a dummy answer; then we fail.
                return Arrays.equals(response, dummyResponse) ? SaslCodec.denied(user) : SaslCodec.malformed(user);
            }
            default -> {
                return SaslCodec.malformed(user);
            }
        }
    }

    private SaslStep first(byte[] response) throws StoreException {
        String text = SaslCodec.bounded(response) ? SaslCodec.utf8(response) : null;
        Request request = text == null ? new Request.Malformed(null) : parser.apply(text);
        return switch (request) {
            case Request.Malformed m -> {
                user = m.user();
                yield SaslCodec.malformed(user);
            }
            case Request.Valid v -> {
                user = v.user().isEmpty() ? null : v.user();
                if (context.tokens() == null) yield SaslCodec.denied(user);
                Optional<Account> account = context.tokens().verify(v.user(), v.token());
                if (account.isPresent()) yield new SaslStep.Success(account.get(), null);
                phase = Phase.ERROR_SENT;
                yield new SaslStep.Challenge(errorChallenge.clone());
            }
        };
    }
}
