// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.sasl.OAuthExchange.Request;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * OAUTHBEARER (RFC 7628): a GS2 header naming the user, then {@code auth=Bearer <token>} among
 * %x01-separated key-value pairs; the token is checked with the {@link dev.poplar.server.spi.TokenVerifier}.
 * Stateless and thread-safe; each exchange belongs to one session thread.
 */
final class OAuthBearerMechanism implements SaslMechanism {

    /** RFC 7628 §3.2.2: the error challenge; we say no more than that the token was refused. */
    static final byte[] ERROR_CHALLENGE = "{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.US_ASCII);

    /** RFC 7628 §3.2.3: the client answers an error challenge with a single kvsep. */
    private static final byte[] DUMMY_RESPONSE = {OAuthFields.KVSEP};

    @Override
    public String name() {
        return "OAUTHBEARER";
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
        return new OAuthExchange(context, OAuthBearerMechanism::parse, ERROR_CHALLENGE, DUMMY_RESPONSE);
    }

    /** RFC 7628 §3.1: client-resp = gs2-header kvsep *kvpair kvsep. */
    static Request parse(String message) {
        Gs2Header header = Gs2Header.parse(message);
        // RFC 7628 §3.1: OAUTHBEARER defines no channel binding, so "p" is refused; "y" and "n" are fine.
        if (header == null || header.flag() == 'p') return new Request.Malformed(null);
        String user = header.authzid() == null ? "" : header.authzid();
        if (!user.isEmpty() && !SaslCodec.plausibleUser(user)) return new Request.Malformed(null);
        String logUser = user.isEmpty() ? null : user;
        int kv = header.text().length();
        if (kv >= message.length() || message.charAt(kv) != OAuthFields.KVSEP) return new Request.Malformed(logUser);
        Map<String, String> pairs = OAuthFields.parse(message, kv + 1, false);
        // RFC 7628 §3.1: "auth" is required; "host", "port" and unknown keys are ignored.
        String token = pairs == null ? null : OAuthFields.bearerToken(pairs.get("auth"));
        if (token == null) return new Request.Malformed(logUser);
        return new Request.Valid(user, token);
    }
}
