// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.oauth;

import static dev.poplar.cli.oauth.TestIssuer.AUDIENCE;
import static dev.poplar.cli.oauth.TestIssuer.ISSUER;
import static dev.poplar.cli.oauth.TestIssuer.NOW;
import static dev.poplar.cli.oauth.TestIssuer.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.poplar.server.spi.Account;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which bearer tokens the JWT verifier accepts (RFC 7519, RFC 8725) and which it refuses. */
class JwtTokenVerifierTest {

    private static final Optional<Account> ALICE = Optional.of(new Account("alice@example.org"));
    private static final Optional<Account> NONE = Optional.empty();
    private static TestIssuer issuer;

    @TempDir
    Path dir;

    private Path jwks;
    private JwtTokenVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        issuer = new TestIssuer();
    }

    @BeforeEach
    void open() throws Exception {
        jwks = dir.resolve("jwks.json");
        TestIssuer.write(jwks, issuer.publicSet());
        verifier = open("email");
    }

    private JwtTokenVerifier open(String userClaim) throws Exception {
        return JwtTokenVerifier.open(new JwtTokenVerifier.Settings(jwks, ISSUER, AUDIENCE, userClaim),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Date at(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }

    @Test
    void validTokensFromEachKeyTypeAreAccepted() throws Exception {
        JWTClaimsSet claims = claims().build();
        assertEquals(ALICE, verifier.verify("alice@example.org", issuer.rs256(claims)));
        assertEquals(ALICE, verifier.verify("alice@example.org", issuer.es256(claims)));
        assertEquals(ALICE, verifier.verify("alice@example.org", issuer.eddsa(JWSAlgorithm.EdDSA, claims)));
        assertEquals(ALICE, verifier.verify("alice@example.org", issuer.eddsa(JWSAlgorithm.Ed25519, claims)));
    }

    @Test
    void withoutAUserFromTheClientTheTokenDecides() throws Exception {
        String token = issuer.rs256(claims().build());
        assertEquals(ALICE, verifier.verify("", token));
        assertEquals(ALICE, verifier.verify(null, token));
    }

    @Test
    void expiryIsRequiredAndCheckedWithSixtySecondsOfSkew() throws Exception {
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().expirationTime(at(-61)).build())), "expired");
        assertEquals(ALICE, verifier.verify("", issuer.rs256(claims().expirationTime(at(-59)).build())), "within skew");
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().expirationTime(null).build())), "no exp");
    }

    @Test
    void notBeforeAndIssuedAtMustNotBeInTheFuture() throws Exception {
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().notBeforeTime(at(120)).build())), "nbf ahead");
        assertEquals(ALICE, verifier.verify("", issuer.rs256(claims().notBeforeTime(at(30)).build())), "within skew");
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().issueTime(at(120)).build())), "iat ahead");
        assertEquals(ALICE, verifier.verify("", issuer.rs256(claims().issueTime(null).notBeforeTime(null).build())),
                "both are optional");
    }

    @Test
    void issuerMustMatchExactly() throws Exception {
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().issuer("https://evil.example").build())));
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().issuer(ISSUER + "/").build())));
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().issuer(null).build())));
    }

    @Test
    void audienceMustContainOurs() throws Exception {
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().audience("other-app").build())));
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().audience((String) null).build())));
        assertEquals(ALICE, verifier.verify("", issuer.rs256(claims().audience(List.of("other-app", AUDIENCE)).build())));
    }

    @Test
    void wrongSignatureIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa1").generate(); // claims the trusted kid
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa1").build();
        assertEquals(NONE, verifier.verify("", TestIssuer.rs256(header, claims().build(), stranger)));
        // A valid token with another payload spliced in.
        String[] good = issuer.rs256(claims().build()).split("\\.");
        String forged = good[0] + "." + Base64URL.encode(claims().claim("email", "bob@example.org").build().toString())
                + "." + good[2];
        assertEquals(NONE, verifier.verify("", forged));
        String[] ed = issuer.eddsa(JWSAlgorithm.EdDSA, claims().build()).split("\\.");
        assertEquals(NONE, verifier.verify("", ed[0] + "." + forged.split("\\.")[1] + "." + ed[2]));
    }

    @Test
    void unknownKidIsRefusedAndAMissingKidTriesTheKeysOfThatAlgorithm() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-unknown").generate();
        JWSHeader unknown = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-unknown").build();
        assertEquals(NONE, verifier.verify("", TestIssuer.rs256(unknown, claims().build(), stranger)));
        JWSHeader noKid = new JWSHeader.Builder(JWSAlgorithm.RS256).build();
        assertEquals(ALICE, verifier.verify("", TestIssuer.rs256(noKid, claims().build(), issuer.rsa)));
        assertEquals(NONE, verifier.verify("", TestIssuer.rs256(noKid, claims().build(), stranger)));
    }

    @Test
    void algNoneIsRefused() throws Exception {
        assertEquals(NONE, verifier.verify("", new PlainJWT(claims().build()).serialize()));
        // Hand-made, with a trusted kid and a signature part taken from a valid token.
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa1\"}").toString();
        String[] good = issuer.rs256(claims().build()).split("\\.");
        assertEquals(NONE, verifier.verify("", header + "." + good[1] + "."));
        assertEquals(NONE, verifier.verify("", header + "." + good[1] + "." + good[2]));
        String noneUpper = Base64URL.encode("{\"alg\":\"None\",\"kid\":\"rsa1\"}").toString();
        assertEquals(NONE, verifier.verify("", noneUpper + "." + good[1] + "."));
    }

    @Test
    void hs256ForgedWithThePublicKeyAsSecretIsRefused() throws Exception {
        // The classic confusion attack (RFC 8725 §2.1): HMAC keyed with the verifier's public key.
        for (byte[] secret : List.of(issuer.rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                issuer.rsa.toRSAPublicKey().getEncoded(), jwksBytes())) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa1").build(), claims().build());
            jwt.sign(new MACSigner(secret));
            assertEquals(NONE, verifier.verify("", jwt.serialize()));
        }
    }

    private byte[] jwksBytes() throws Exception {
        return java.nio.file.Files.readAllBytes(jwks);
    }

    @Test
    void aKeyIsUsedOnlyWithItsOwnAlgorithm() throws Exception {
        // An ES256 header naming the RSA key's kid, and the other way round: no key qualifies.
        String[] es = issuer.es256(claims().build()).split("\\.");
        String esWithRsaKid = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("rsa1").build().toBase64URL().toString();
        assertEquals(NONE, verifier.verify("", esWithRsaKid + "." + es[1] + "." + es[2]));
        String[] rs = issuer.rs256(claims().build()).split("\\.");
        String rsAsPs = new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("rsa1").build().toBase64URL().toString();
        assertEquals(NONE, verifier.verify("", rsAsPs + "." + rs[1] + "." + rs[2]), "PS256 is not accepted");
    }

    @Test
    void theTokensUserMustBeTheOneTheClientNamed() throws Exception {
        String token = issuer.rs256(claims().build());
        assertEquals(NONE, verifier.verify("bob@example.org", token));
        assertEquals(NONE, verifier.verify("Alice@example.org", token), "exact match");
        assertEquals(NONE, verifier.verify("alice", token));
    }

    @Test
    void theTokensUserMustBeAValidUserName() throws Exception {
        for (String bad : new String[] {"../../etc/passwd", "alice smith@example.org", "", ".hidden", "a\nb", "ä@example.org"}) {
            assertEquals(NONE, verifier.verify("", issuer.rs256(claims().claim("email", bad).build())), bad);
        }
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().claim("email", null).build())), "missing");
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().claim("email", 42).build())), "not a string");
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().claim("email", List.of("alice@example.org")).build())));
    }

    @Test
    void anUnverifiedEmailDoesNotIdentifyAnyone() throws Exception {
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().claim("email_verified", false).build())));
        assertEquals(NONE, verifier.verify("", issuer.rs256(claims().claim("email_verified", "false").build())));
        assertEquals(ALICE, verifier.verify("", issuer.rs256(claims().claim("email_verified", null).build())));
    }

    @Test
    void theUserClaimIsConfigurable() throws Exception {
        JWTClaimsSet claims = claims().claim("preferred_username", "alice").claim("email_verified", false).build();
        assertEquals(Optional.of(new Account("248289761001")), open("sub").verify("248289761001", issuer.rs256(claims)));
        assertEquals(Optional.of(new Account("alice")), open("preferred_username").verify("alice", issuer.es256(claims)));
        assertEquals(NONE, open("preferred_username").verify("alice@example.org", issuer.es256(claims)));
    }

    @Test
    void typeIfPresentMustBeJwtOrAccessTokenJwt() throws Exception {
        for (String typ : new String[] {"JWT", "at+jwt", "application/at+jwt"}) {
            JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa1").type(new JOSEObjectType(typ)).build();
            assertEquals(ALICE, verifier.verify("", TestIssuer.rs256(h, claims().build(), issuer.rsa)), typ);
        }
        JWSHeader logout = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa1").type(new JOSEObjectType("logout+jwt")).build();
        assertEquals(NONE, verifier.verify("", TestIssuer.rs256(logout, claims().build(), issuer.rsa)));
    }

    @Test
    void garbageNeverThrows() throws Exception {
        for (String token : new String[] {null, "", "x", "a.b.c", "....", "eyJhbGciOiJSUzI1NiJ9.e30.", "x".repeat(20_000),
            issuer.rs256(claims().build()) + "x", "Bearer " + issuer.rs256(claims().build())}) {
            assertEquals(NONE, verifier.verify("", token));
        }
        // A signed token whose payload is not a JSON object.
        SignedJWT jwt = new SignedJWT(Base64URL.encode(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa1").build().toString()),
                Base64URL.encode("[1,2]"), Base64URL.encode(new byte[256]));
        assertEquals(NONE, verifier.verify("", jwt.serialize()));
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new JwtTokenVerifier.Settings(jwks, " ", AUDIENCE));
        assertThrows(IllegalArgumentException.class, () -> new JwtTokenVerifier.Settings(jwks, ISSUER, ""));
        assertThrows(IllegalArgumentException.class, () -> new JwtTokenVerifier.Settings(jwks, ISSUER, AUDIENCE, "exp"));
        assertThrows(IllegalArgumentException.class,
                () -> new JwtTokenVerifier.Settings(jwks, ISSUER, AUDIENCE, "sub", Duration.ofMinutes(6)));
        assertThrows(NullPointerException.class, () -> new JwtTokenVerifier.Settings(null, ISSUER, AUDIENCE));
        JwtTokenVerifier.Settings defaults = new JwtTokenVerifier.Settings(jwks, ISSUER, AUDIENCE);
        assertEquals("email", defaults.userClaim());
        assertEquals(Duration.ofSeconds(60), defaults.clockSkew());
    }
}
