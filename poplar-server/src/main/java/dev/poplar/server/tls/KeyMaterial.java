// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * A server certificate chain and its private key, read from PEM files and checked to belong together.
 * Immutable; {@link #toString()} never shows the key.
 */
record KeyMaterial(List<X509Certificate> chain, PrivateKey key) {
    KeyMaterial {
        chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
        return chain.getFirst();
    }

    /** Reads both files and checks that the key is the leaf certificate's. */
    static KeyMaterial load(Path certChain, Path keyFile) throws TlsMaterialException {
        List<X509Certificate> chain = CertificatePem.read(certChain);
        PrivateKey key = PrivateKeyPem.read(keyFile);
        if (!matches(key, chain.getFirst().getPublicKey())) {
            throw new TlsMaterialException(keyFile, "the private key does not belong to the first certificate in " + certChain);
        }
        return new KeyMaterial(chain, key);
    }

    /**
     * Whether the private key belongs to the public key: a signature over random bytes made with one
     * verifies with the other. This works for every key type without comparing key internals.
     */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            Signature signer = signature(key.getAlgorithm());
            Signature verifier = signature(key.getAlgorithm());
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            signer.initSign(key);
            signer.update(challenge);
            byte[] sig = signer.sign();
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // different key types or curves end here
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "RSASSA-PSS" -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield s;
            }
            default -> Signature.getInstance(keyAlgorithm); // EdDSA, Ed25519, Ed448
        };
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + leaf().getSubjectX500Principal().getName() + ", " + key.getAlgorithm() + " key]";
    }
}
