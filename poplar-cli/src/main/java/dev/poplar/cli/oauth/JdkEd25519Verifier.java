// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Set;

/**
 * Verifies Ed25519 JWS signatures (RFC 8037 §3.1: {@code alg} {@code EdDSA}, or {@code Ed25519} as RFC
 * 9864 names it) with the JDK's own EdDSA (JDK 15+). Nimbus's {@code Ed25519Verifier} needs Google
 * Tink, an optional dependency Poplar does not ship. Thread-safe: a fresh {@link Signature} per check.
 */
final class JdkEd25519Verifier implements JWSVerifier {

    /** The algorithms an Ed25519 key can verify. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    /** DER SubjectPublicKeyInfo header for an Ed25519 key (RFC 8410 §4): the raw 32 bytes follow. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int KEY_BYTES = 32, SIGNATURE_BYTES = 64;

    private final PublicKey key;
    private final JCAContext jcaContext = new JCAContext();

    /** @throws JOSEException when the key is not a 32-byte Ed25519 public key */
    JdkEd25519Verifier(OctetKeyPair okp) throws JOSEException {
        if (!Curve.Ed25519.equals(okp.getCurve())) throw new JOSEException("not an Ed25519 key");
        byte[] x = okp.getDecodedX();
        if (x.length != KEY_BYTES) throw new JOSEException("Ed25519 public key is not 32 bytes");
        byte[] spki = new byte[SPKI_PREFIX.length + KEY_BYTES];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, SPKI_PREFIX.length, KEY_BYTES);
        try {
            this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Ed25519 public key rejected", e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!ALGORITHMS.contains(header.getAlgorithm())) return false;
        // RFC 7515 §4.1.11: a "crit" extension the recipient does not understand makes the JWS invalid.
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) return false;
        byte[] sig = signature.decode();
        if (sig.length != SIGNATURE_BYTES) return false;
        try {
            Signature check = Signature.getInstance("Ed25519");
            check.initVerify(key);
            check.update(signingInput);
            return check.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
