// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.oauth;

import static dev.poplar.cli.oauth.TestIssuer.AUDIENCE;
import static dev.poplar.cli.oauth.TestIssuer.ISSUER;
import static dev.poplar.cli.oauth.TestIssuer.NOW;
import static dev.poplar.cli.oauth.TestIssuer.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.poplar.server.spi.Account;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The JWKS file: which keys are trusted, reloading, and what reaches the log. */
class JwksFileTest {

    private static final Optional<Account> ALICE = Optional.of(new Account("alice@example.org"));

    @TempDir
    Path dir;

    private Path jwks;
    private TestIssuer issuer;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.poplar.cli.oauth");
    private final Level oldLevel = logger.getLevel();

    @BeforeEach
    void setUp() throws Exception {
        jwks = dir.resolve("jwks.json");
        issuer = new TestIssuer();
        log.start();
        logger.addAppender(log);
        // Whatever POPLAR_LOG_LEVEL says, this test reads the INFO lines.
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(log);
        logger.setLevel(oldLevel);
    }

    private JwtTokenVerifier open() throws IOException {
        return JwtTokenVerifier.open(new JwtTokenVerifier.Settings(jwks, ISSUER, AUDIENCE), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void changedFileIsReloadedAndABrokenOneKeepsTheLastGoodKeys() throws Exception {
        TestIssuer.write(jwks, new JWKSet(issuer.rsa.toPublicJWK()));
        JwtTokenVerifier verifier = open();
        RSAKey next = new RSAKeyGenerator(2048).keyID("rsa2").generate();
        JWSHeader nextHeader = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa2").build();
        String oldToken = issuer.rs256(claims().build());
        String newToken = TestIssuer.rs256(nextHeader, claims().build(), next);
        assertEquals(ALICE, verifier.verify("", oldToken));
        assertEquals(Optional.empty(), verifier.verify("", newToken), "not trusted yet");

        TestIssuer.write(jwks, new JWKSet(next.toPublicJWK())); // key rotation: rsa1 withdrawn
        assertEquals(ALICE, verifier.verify("", newToken));
        assertEquals(Optional.empty(), verifier.verify("", oldToken), "withdrawn key no longer trusted");

        TestIssuer.write(jwks, "{\"keys\": [ {\"kty\": ");
        assertEquals(ALICE, verifier.verify("", newToken), "last good keys kept");
        verifier.verify("", newToken);
        assertEquals(1, messages().stream().filter(m -> m.contains("keeping the last good keys")).count(), "warned once");

        TestIssuer.write(jwks, issuer.publicSet());
        assertEquals(ALICE, verifier.verify("", oldToken));
        assertEquals(ALICE, verifier.verify("", issuer.es256(claims().build())));
    }

    @Test
    void missingOrInvalidFileFailsAtOpenWithoutQuotingIt() throws Exception {
        IOException missing = assertThrows(IOException.class, this::open);
        assertTrue(missing.getMessage().contains("jwks.json"), missing.getMessage());
        String secretish = "{\"keys\":[{\"kty\":\"RSA\",\"d\":\"TOP-SECRET-PART\",";
        TestIssuer.write(jwks, secretish);
        IOException invalid = assertThrows(IOException.class, this::open);
        assertFalse(invalid.getMessage().contains("TOP-SECRET"), invalid.getMessage());
    }

    @Test
    void privatePartsAreDroppedAndSymmetricWeakOrEncryptionKeysAreIgnored() throws Exception {
        OctetSequenceKey hmacKey = new OctetSequenceKeyGenerator(256).keyID("rsa1").generate();
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(1024);
        KeyPair weak = gen.generateKeyPair();
        RSAKey weakJwk = new RSAKey.Builder((RSAPublicKey) weak.getPublic()).privateKey((RSAPrivateKey) weak.getPrivate())
                .keyID("weak").build();
        RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
        // The full private RSA key is in the file by mistake: it still verifies, with a warning.
        TestIssuer.write(jwks, new JWKSet(List.<JWK>of(issuer.rsa, hmacKey, weakJwk.toPublicJWK(), encryption.toPublicJWK()))
                .toString(false));
        JwtTokenVerifier verifier = open();
        assertEquals(ALICE, verifier.verify("", issuer.rs256(claims().build())));
        JWSHeader weakHeader = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("weak").build();
        assertEquals(Optional.empty(), verifier.verify("", TestIssuer.rs256Jdk(weakHeader, claims().build(), weak.getPrivate())),
                "RSA under 2048 bits is not trusted");
        JWSHeader encHeader = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("enc").build();
        assertEquals(Optional.empty(), verifier.verify("", TestIssuer.rs256(encHeader, claims().build(), encryption)),
                "an encryption key does not verify signatures");
        List<String> m = messages();
        assertTrue(m.stream().anyMatch(s -> s.contains("private key parts")), m.toString());
        assertTrue(m.stream().anyMatch(s -> s.contains("symmetric keys are never trusted")), m.toString());
        assertTrue(m.stream().anyMatch(s -> s.contains("use is not sig")), m.toString());
        for (String s : m) {
            assertFalse(s.contains(issuer.rsa.getPrivateExponent().toString()), s);
            assertFalse(s.contains(hmacKey.getKeyValue().toString()), s);
        }
    }

    @Test
    void aJwkAlgNarrowsWhatTheKeyVerifies() throws Exception {
        RSAKey pinned = new RSAKey.Builder(issuer.rsa.toRSAPublicKey()).keyID("rsa1").algorithm(JWSAlgorithm.RS256).build();
        RSAKey psOnly = new RSAKey.Builder(issuer.rsa.toRSAPublicKey()).keyID("ps").algorithm(JWSAlgorithm.PS256).build();
        TestIssuer.write(jwks, new JWKSet(List.<JWK>of(pinned, psOnly)));
        JwtTokenVerifier verifier = open();
        assertEquals(ALICE, verifier.verify("", issuer.rs256(claims().build())));
        JWSHeader ps = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("ps").build();
        assertEquals(Optional.empty(), verifier.verify("", TestIssuer.rs256(ps, claims().build(), issuer.rsa)));
        assertTrue(messages().stream().anyMatch(s -> s.contains("its alg is not one Poplar accepts")), messages().toString());
    }

    @Test
    void refusalsAreLoggedWithoutTheToken() throws Exception {
        TestIssuer.write(jwks, issuer.publicSet());
        JwtTokenVerifier verifier = open();
        String expired = issuer.rs256(claims().expirationTime(java.util.Date.from(NOW.minusSeconds(3600))).build());
        String wrongUser = issuer.es256(claims().build());
        assertEquals(Optional.empty(), verifier.verify("", expired));
        assertEquals(Optional.empty(), verifier.verify("bob@example.org", wrongUser));
        assertEquals(Optional.empty(), verifier.verify("", "not-a-token-but-secret-anyway"));
        List<String> m = messages();
        assertTrue(m.stream().anyMatch(s -> s.equals("OAuth token refused: expired")), m.toString());
        assertTrue(m.stream().anyMatch(s -> s.contains("not for the user the client named")), m.toString());
        for (String s : m) {
            for (String token : List.of(expired, wrongUser)) {
                for (String part : token.split("\\.")) assertFalse(s.contains(part), s);
            }
            assertFalse(s.contains("secret-anyway"), s);
        }
    }
}
