// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.oauth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One public key from the JWKS file that may verify token signatures, with the algorithms it may verify.
 * Immutable and thread-safe (Nimbus's RSA and EC verifiers are).
 *
 * @param kid        the key id, or {@code null} when the JWK has none
 * @param algorithms the JWS algorithms this key verifies: never {@code none}, never an HMAC
 * @param verifier   the verifier bound to this key
 */
record TrustedKey(String kid, Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {

    /** Smallest RSA modulus accepted: RFC 7518 §3.3 requires 2048 bits for RS256. */
    static final int MIN_RSA_BITS = 2048;

    TrustedKey {
        Objects.requireNonNull(verifier, "verifier");
        algorithms = Set.copyOf(algorithms);
        if (algorithms.isEmpty()) throw new IllegalArgumentException("no algorithm");
    }

    /** Whether this key may check a token with this header algorithm and key id. */
    boolean accepts(JWSAlgorithm alg, String headerKid) {
        // A token naming a kid must be checked with that key only (RFC 7515 §4.1.4).
        return algorithms.contains(alg) && (headerKid == null || headerKid.equals(kid));
    }

    /**
     * The trusted key for a public JWK.
     *
     * @param jwk a public JWK (private parts already dropped)
     * @throws IllegalArgumentException when the key cannot verify tokens; the message is fixed wording,
     *                                  safe to log
     */
    static TrustedKey from(JWK jwk) {
        // RFC 7517 §4.2 and §4.3: a key meant for encryption only must not verify signatures.
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new IllegalArgumentException("its use is not sig");
        }
        Set<KeyOperation> ops = jwk.getKeyOperations();
        if (ops != null && !ops.contains(KeyOperation.VERIFY)) {
            throw new IllegalArgumentException("its key_ops do not include verify");
        }
        JWSVerifier verifier;
        Set<JWSAlgorithm> algorithms;
        try {
            switch (jwk) {
                case RSAKey rsa when rsa.size() >= MIN_RSA_BITS -> {
                    algorithms = Set.of(JWSAlgorithm.RS256);
                    verifier = new RSASSAVerifier(rsa);
                }
                case ECKey ec when Curve.P_256.equals(ec.getCurve()) -> {
                    algorithms = Set.of(JWSAlgorithm.ES256);
                    verifier = new ECDSAVerifier(ec);
                }
                case OctetKeyPair okp when Curve.Ed25519.equals(okp.getCurve()) -> {
                    algorithms = JdkEd25519Verifier.ALGORITHMS;
                    verifier = new JdkEd25519Verifier(okp);
                }
                default -> throw new IllegalArgumentException(
                        "unsupported type, curve or size (use RSA of 2048 bits or more, EC P-256 or OKP Ed25519)");
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the JOSE library rejected it");
        }
        return new TrustedKey(jwk.getKeyID(), restrict(algorithms, jwk), verifier);
    }

    /** The algorithms narrowed to the JWK's own {@code alg}, if it names one (RFC 7517 §4.4). */
    private static Set<JWSAlgorithm> restrict(Set<JWSAlgorithm> supported, JWK jwk) {
        Algorithm alg = jwk.getAlgorithm();
        if (alg == null) return supported;
        Set<JWSAlgorithm> narrowed = new HashSet<>();
        for (JWSAlgorithm a : supported) {
            if (a.getName().equals(alg.getName())) narrowed.add(a);
        }
        if (narrowed.isEmpty()) throw new IllegalArgumentException("its alg is not one Poplar accepts for this key type");
        return narrowed;
    }
}
