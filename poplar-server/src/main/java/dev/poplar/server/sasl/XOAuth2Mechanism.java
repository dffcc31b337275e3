// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.sasl.OAuthExchange.Request;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * XOAUTH2 (Google's SASL XOAUTH2 protocol, also served by Microsoft): one message
 * {@code user=<name>^Aauth=Bearer <token>^A^A}; the token is checked with the
 * {@link dev.poplar.server.spi.TokenVerifier}. Stateless and thread-safe; each exchange belongs to one
 * session thread.
 */
final class XOAuth2Mechanism implements SaslMechanism {

    /**
     * Google's XOAUTH2 error challenge: a JSON object with an HTTP-like status and the supported schemes.
     * Nothing about the token or the user goes into it.
     */
    static final byte[] ERROR_CHALLENGE = "{\"status\":\"401\",\"schemes\":\"bearer\"}".getBytes(StandardCharsets.US_ASCII);

    /** The client answers the error challenge with an empty response. */
    private static final byte[] DUMMY_RESPONSE = new byte[0];

    @Override
    public String name() {
        return "XOAUTH2";
    }

    /** A bearer token is password-equivalent: keep it off unprotected connections from untrusted networks. */
    @Override
    public boolean sendsPassword() {
        return true;
    }

    @Override
    public boolean isAvailable(SaslContext context) {
        return context.tokens() != null;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new OAuthExchange(context, XOAuth2Mechanism::parse, ERROR_CHALLENGE, DUMMY_RESPONSE);
    }

    /** {@code user=} and {@code auth=} pairs, each ended by ^A, then a final ^A; both required. */
    static Request parse(String message) {
        Map<String, String> pairs = OAuthFields.parse(message, 0, true);
        if (pairs == null) return new Request.Malformed(null);
        String user = pairs.get("user");
        if (!SaslCodec.plausibleUser(user)) return new Request.Malformed(null);
        String token = OAuthFields.bearerToken(pairs.get("auth"));
        return token == null ? new Request.Malformed(user) : new Request.Valid(user, token);
    }
}
