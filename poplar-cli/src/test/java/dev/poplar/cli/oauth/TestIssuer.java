// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/** Test keys and tokens: an RSA, an EC P-256 and an Ed25519 key, and a signer for each. */
final class TestIssuer {
    static final String ISSUER = "https://id.example.org";
    static final String AUDIENCE = "pop3.example.org";
    /** The fixed "now" of the tests. */
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    final RSAKey rsa;
    final ECKey ec;
    final KeyPair ed;
    final OctetKeyPair edJwk;

    TestIssuer() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
        // Nimbus's own Ed25519 support needs Tink; the JDK makes the key, and the JWK holds its raw bytes.
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = ed.getPublic().getEncoded();
        edJwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length)))
                .keyID("ed1").build();
    }

    /** The public JWK set of all three keys. */
    JWKSet publicSet() {
        return new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK(), edJwk));
    }

    /** Writes a JWK set atomically (a new inode), as a deployment tool would. */
    static void write(Path file, String json) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "jwks", ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void write(Path file, JWKSet set) throws IOException {
        // toString(false) would include private parts; the public set has none anyway.
        write(file, set.toString(true));
    }

    /** Claims that pass every check: user alice@example.org, valid from a minute ago for an hour. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("248289761001")
                .claim("email", "alice@example.org")
                .claim("email_verified", true)
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .notBeforeTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(3600)));
    }

    String rs256(JWTClaimsSet claims) throws JOSEException {
        return rs256(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), claims, rsa);
    }

    static String rs256(JWSHeader header, JWTClaimsSet claims, RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** RS256 with the JDK, which (unlike Nimbus's signer) also signs with keys under 2048 bits. */
    static String rs256Jdk(JWSHeader header, JWTClaimsSet claims, java.security.PrivateKey key)
            throws GeneralSecurityException {
        String input = header.toBase64URL() + "." + Base64URL.encode(claims.toString());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64URL.encode(signer.sign());
    }

    String es256(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(ec));
        return jwt.serialize();
    }

    /** An Ed25519 JWS made by hand with the JDK (RFC 8037 §3.1). */
    String eddsa(JWSAlgorithm alg, JWTClaimsSet claims) throws GeneralSecurityException {
        String input = new JWSHeader.Builder(alg).keyID(edJwk.getKeyID()).build().toBase64URL() + "."
                + Base64URL.encode(claims.toString());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(ed.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64URL.encode(signer.sign());
    }
}
