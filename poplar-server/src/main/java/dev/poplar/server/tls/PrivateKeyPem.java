// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads an unencrypted private key from a PEM file: PKCS#8 ({@code PRIVATE KEY}, RFC 5208 / RFC 5958),
 * PKCS#1 ({@code RSA PRIVATE KEY}, RFC 8017 appendix A.1.2) or SEC1 ({@code EC PRIVATE KEY}, RFC 5915,
 * optionally after an {@code EC PARAMETERS} block naming the curve). The traditional forms are
 * rewrapped as PKCS#8, which is what the JDK's key factories take. Stateless.
 */
final class PrivateKeyPem {
    static final String ENCRYPTED = "encrypted keys are not supported; decrypt with openssl pkey";

    /** rsaEncryption (RFC 8017 appendix A.1) with its NULL parameters, as an AlgorithmIdentifier. */
    private static final byte[] RSA_ALGORITHM = Der.tlv(Der.SEQUENCE,
            new byte[] {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01}, new byte[] {0x05, 0x00});
    /** id-ecPublicKey (RFC 5480 §2.1.1), without its curve. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final byte[] VERSION_1 = {0x02, 0x01, 0x01};

    /** PKCS#8 algorithm OIDs to JCA key factory names; other key types cannot sign a TLS handshake. */
    private static final Map<String, String> ALGORITHMS = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");

    private PrivateKeyPem() {}

    static PrivateKey read(Path file) throws TlsMaterialException {
        List<Pem.Block> blocks = Pem.read(file);
        Pem.Block key = null;
        byte[] curve = null;
        for (Pem.Block b : blocks) {
            switch (b.label()) {
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsMaterialException(file, ENCRYPTED);
                case "EC PARAMETERS" -> curve = b.der();
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (b.encryptedTraditional()) throw new TlsMaterialException(file, ENCRYPTED);
                    if (key != null) throw new TlsMaterialException(file, "more than one private key (lines " + key.line() + " and " + b.line() + ")");
                    key = b;
                }
                default -> {
                    // Certificates may share the file with the key (a combined PEM); other key formats may not.
                    if (b.label().endsWith("PRIVATE KEY")) {
                        throw new TlsMaterialException(file, "unsupported key format " + b.label() + "; convert it with openssl pkey");
                    }
                }
            }
        }
        if (key == null) throw new TlsMaterialException(file, "no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
        byte[] pkcs8 = null;
        try {
            pkcs8 = switch (key.label()) {
                case "RSA PRIVATE KEY" -> fromPkcs1(key.der());
                case "EC PRIVATE KEY" -> fromSec1(key.der(), curve);
                default -> key.der().clone();
            };
            return generate(file, pkcs8);
        } catch (Der.MalformedException e) {
            throw new TlsMaterialException(file, "the " + key.label() + " block is malformed: " + e.getMessage());
        } finally {
            if (pkcs8 != null) Arrays.fill(pkcs8, (byte) 0);
            for (Pem.Block b : blocks) Arrays.fill(b.der(), (byte) 0);
        }
    }

    private static PrivateKey generate(Path file, byte[] pkcs8) throws Der.MalformedException, TlsMaterialException {
        // PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }
        Der.Reader info = new Der.Reader(pkcs8).next(Der.SEQUENCE, "PrivateKeyInfo").contents();
        int version = info.next(Der.INTEGER, "version").smallInt();
        if (version > 1) throw new Der.MalformedException("unknown PrivateKeyInfo version");
        String oid = Der.oid(info.next(Der.SEQUENCE, "AlgorithmIdentifier").contents().next(Der.OID, "algorithm"));
        String algorithm = ALGORITHMS.get(oid);
        if (algorithm == null) throw new TlsMaterialException(file, "unsupported key algorithm " + oid + " (use an RSA, EC or Ed25519 key)");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            // The provider's message may describe the key's content; keep only its type.
            throw new TlsMaterialException(file, "not a usable " + algorithm + " private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** PKCS#1 RSAPrivateKey to PKCS#8 PrivateKeyInfo (RFC 5208 §5). */
    static byte[] fromPkcs1(byte[] der) throws Der.MalformedException {
        Der.Reader outer = new Der.Reader(der);
        Der.Value key = outer.next(Der.SEQUENCE, "RSAPrivateKey");
        outer.end("RSAPrivateKey");
        Der.Reader fields = key.contents();
        int version = fields.next(Der.INTEGER, "version").smallInt();
        if (version > 1) throw new Der.MalformedException("unknown RSAPrivateKey version");
        for (int i = 0; i < 8; i++) fields.next(Der.INTEGER, "RSA key component"); // n, e, d, p, q, dP, dQ, qInv
        return Der.tlv(Der.SEQUENCE, VERSION_0, RSA_ALGORITHM, Der.tlv(Der.OCTET_STRING, der));
    }

    /**
     * SEC1 ECPrivateKey (RFC 5915 §3) to PKCS#8 PrivateKeyInfo (RFC 5915 §4). The curve comes from the
     * key's own parameters or, failing that, from the {@code EC PARAMETERS} block; both must name a curve.
     */
    static byte[] fromSec1(byte[] der, byte[] parametersBlock) throws Der.MalformedException {
        Der.Reader outer = new Der.Reader(der);
        Der.Value key = outer.next(Der.SEQUENCE, "ECPrivateKey");
        outer.end("ECPrivateKey");
        Der.Reader fields = key.contents();
        if (fields.next(Der.INTEGER, "version").smallInt() != 1) throw new Der.MalformedException("ECPrivateKey version must be 1");
        Der.Value privateKey = fields.next(Der.OCTET_STRING, "privateKey");
        byte[] curve = null;
        byte[] publicKey = null;
        while (fields.hasMore()) {
            Der.Value field = fields.next();
            if (field.tag() == Der.CONTEXT_0 && curve == null && publicKey == null) {
                Der.Reader params = field.contents();
                curve = namedCurve(params.next());
                params.end("parameters");
            } else if (field.tag() == Der.CONTEXT_1 && publicKey == null) {
                publicKey = field.encoded();
            } else {
                throw new Der.MalformedException("unexpected field in ECPrivateKey");
            }
        }
        if (parametersBlock != null) {
            Der.Reader params = new Der.Reader(parametersBlock);
            byte[] fromBlock = namedCurve(params.next());
            params.end("EC PARAMETERS");
            if (curve != null && !Arrays.equals(curve, fromBlock)) throw new Der.MalformedException("EC PARAMETERS names another curve than the key");
            curve = fromBlock;
        }
        if (curve == null) throw new Der.MalformedException("no curve (neither in the key nor in an EC PARAMETERS block)");
        // The curve moves to the AlgorithmIdentifier; the inner key keeps the private value and the public point.
        byte[] inner = publicKey == null
                ? Der.tlv(Der.SEQUENCE, VERSION_1, privateKey.encoded())
                : Der.tlv(Der.SEQUENCE, VERSION_1, privateKey.encoded(), publicKey);
        try {
            return Der.tlv(Der.SEQUENCE, VERSION_0, Der.tlv(Der.SEQUENCE, EC_PUBLIC_KEY_OID, curve), Der.tlv(Der.OCTET_STRING, inner));
        } finally {
            Arrays.fill(inner, (byte) 0);
        }
    }

    /** ECParameters (RFC 5480 §2.1.1): only the namedCurve choice is allowed in PKIX. */
    private static byte[] namedCurve(Der.Value params) throws Der.MalformedException {
        if (params.tag() == Der.OID) {
            Der.oid(params); // validates
            return params.encoded();
        }
        throw new Der.MalformedException("explicit or implicit curve parameters; use a named curve (openssl ec -param_enc named_curve)");
    }
}
