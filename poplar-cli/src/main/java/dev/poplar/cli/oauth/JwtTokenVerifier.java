// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.poplar.maildir.UserNames;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.TokenVerifier;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks OAUTHBEARER and XOAUTH2 bearer tokens that are JWTs (RFC 7519) signed by the configured issuer,
 * with the issuer's public keys from a local JWKS file that is re-read when it changes. Thread-safe.
 *
 * <p>A token is accepted only when all of these hold: it is a JWS in compact form with {@code alg}
 * RS256, ES256 or EdDSA/Ed25519 (never {@code none}, never an HMAC, RFC 8725 §3.1); a trusted key with
 * its {@code kid} (or, without one, any trusted key of that algorithm) verifies the signature;
 * {@code typ}, if present, is {@code JWT} or {@code at+jwt} (RFC 8725 §3.11, RFC 9068 §2.1);
 * {@code iss} equals the configured issuer and {@code aud} contains the configured audience (RFC 8725
 * §3.8, §3.9); {@code exp} is present and not past, {@code nbf} not ahead and {@code iat} not in the
 * future, each with the clock skew allowed; the user claim is a valid Poplar user name and, when the
 * client named a user, that same name. Everything else is refused with an empty answer and one log line
 * that never contains the token.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    /** Longest token read: real access tokens are 1-4 KB; the bound keeps parsing cheap. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** The only signature algorithms accepted. */
    public static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    /** {@code typ} values accepted (compared case-insensitively, RFC 7515 §4.1.9); absent is accepted too. */
    static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");

    private static final System.Logger LOG = System.getLogger(JwtTokenVerifier.class.getName());

    /**
     * What the verifier trusts. Immutable.
     *
     * @param jwks      the JWKS file with the issuer's public keys (RFC 7517 §5)
     * @param issuer    the exact {@code iss} value required
     * @param audience  the value {@code aud} must contain: this server's client id or resource name
     * @param userClaim the claim naming the user, e.g. {@code email} (the default), {@code sub} or
     *                  {@code preferred_username}
     * @param clockSkew how far the clocks of issuer and server may differ, at most 5 minutes
     */
    public record Settings(Path jwks, String issuer, String audience, String userClaim, Duration clockSkew) {
        public static final String DEFAULT_USER_CLAIM = "email";
        public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
        private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
        /** Registered claims that hold times or token metadata, never a user name. */
        private static final Set<String> NOT_USER_CLAIMS = Set.of("iss", "aud", "exp", "nbf", "iat", "jti");

        public Settings {
            Objects.requireNonNull(jwks, "jwks");
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (issuer == null || issuer.isBlank()) throw new IllegalArgumentException("an issuer is required");
            if (audience == null || audience.isBlank()) throw new IllegalArgumentException("an audience is required");
            if (userClaim == null || userClaim.isBlank() || NOT_USER_CLAIMS.contains(userClaim)) {
                throw new IllegalArgumentException(
                        "the user claim must name a claim such as email, sub or preferred_username");
            }
            if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("the clock skew must be within 0..5 minutes");
            }
        }

        /** With the default clock skew. */
        public Settings(Path jwks, String issuer, String audience, String userClaim) {
            this(jwks, issuer, audience, userClaim, DEFAULT_CLOCK_SKEW);
        }

        /** With the default user claim ({@code email}) and clock skew. */
        public Settings(Path jwks, String issuer, String audience) {
            this(jwks, issuer, audience, DEFAULT_USER_CLAIM);
        }
    }

    private final Settings settings;
    private final JwksFile keys;
    private final Clock clock;

    private JwtTokenVerifier(Settings settings, JwksFile keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Reads the JWKS file and makes a verifier.
     *
     * @throws IOException when the JWKS file is missing, unreadable or not a JWK set
     */
    public static JwtTokenVerifier open(Settings settings) throws IOException {
        return open(settings, Clock.systemUTC());
    }

    /** For tests: a fixed clock. */
    static JwtTokenVerifier open(Settings settings, Clock clock) throws IOException {
        Objects.requireNonNull(settings, "settings");
        return new JwtTokenVerifier(settings, JwksFile.open(settings.jwks()), Objects.requireNonNull(clock, "clock"));
    }

    /** The settings this verifier was made with. */
    public Settings settings() {
        return settings;
    }

    @Override
    public Optional<Account> verify(String user, String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return refuse("empty or longer than the limit");
        }
        SignedJWT jwt;
        try {
            // A JWS only: alg "none" (an unsecured JWT) and JWE fail to parse here.
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return refuse("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        // Checked before any key is looked at, so no key is ever used with an algorithm it was not made for.
        if (!ACCEPTED_ALGORITHMS.contains(header.getAlgorithm())) return refuse("algorithm not accepted");
        JOSEObjectType type = header.getType();
        if (type != null && !ACCEPTED_TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
            return refuse("typ not accepted");
        }
        String problem = checkSignature(jwt, header);
        if (problem != null) return refuse(problem);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return refuse("claims are not a valid JWT claims set");
        }
        problem = checkClaims(claims);
        if (problem != null) return refuse(problem);
        Object named = claims.getClaim(settings.userClaim());
        if (!(named instanceof String tokenUser)) return refuse("no " + settings.userClaim() + " claim with a string value");
        if (!UserNames.isValid(tokenUser)) return refuse("the " + settings.userClaim() + " claim is not a valid user name");
        // OAUTHBEARER a= / XOAUTH2 user=: the client may not name one user and log in as another.
        if (user != null && !user.isEmpty() && !user.equals(tokenUser)) {
            return refuse("token for " + tokenUser + ", not for the user the client named");
        }
        LOG.log(Level.DEBUG, "OAuth token accepted for {0}", tokenUser);
        return Optional.of(new Account(tokenUser));
    }

    /** The reason the signature is refused, or {@code null} when a trusted key verified it. */
    private String checkSignature(SignedJWT jwt, JWSHeader header) {
        List<TrustedKey> candidates = keys.keys().stream()
                .filter(k -> k.accepts(header.getAlgorithm(), header.getKeyID())).toList();
        if (candidates.isEmpty()) return "no trusted key for its kid and algorithm";
        for (TrustedKey key : candidates) {
            try {
                if (jwt.verify(key.verifier())) return null;
            } catch (JOSEException | IllegalStateException e) {
                // A malformed signature or an unsupported crit header: a failure for this key.
            }
        }
        return "bad signature";
    }

    /** RFC 7519 §4.1 checks; the reason for refusal, or {@code null}. */
    private String checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        if (!settings.issuer().equals(claims.getIssuer())) return "wrong or missing issuer";
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.audience())) return "wrong or missing audience";
        Date exp = claims.getExpirationTime();
        if (exp == null) return "no exp claim";
        if (now.isAfter(exp.toInstant().plus(skew))) return "expired";
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) return "not valid yet (nbf)";
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(skew).isBefore(iat.toInstant())) return "issued in the future (iat)";
        // OpenID Connect Core §5.1: an address the provider has not verified does not identify anyone.
        // Some providers send the flag as a string.
        Object verified = claims.getClaim("email_verified");
        if (settings.userClaim().equals("email") && (Boolean.FALSE.equals(verified) || "false".equals(verified))) {
            return "email not verified";
        }
        return null;
    }

    /** One log line, without the token (or anything from it but a valid user name), and empty. */
    private static Optional<Account> refuse(String reason) {
        LOG.log(Level.INFO, "OAuth token refused: {0}", reason);
        return Optional.empty();
    }
}
