// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;

/**
 * The {@code tls-server-end-point} channel binding (RFC 5929 §4), which SCRAM-SHA-256-PLUS
 * (RFC 7677, RFC 5802 §6) binds authentication to: a hash of the server's certificate. Stateless,
 * thread-safe.
 */
public final class ChannelBinding {
    /** "SHA256withECDSA", "SHA1withRSA", "SHA3-256withRSA", "MD5withRSA": the hash before "with". */
    private static final Pattern HASH_WITH = Pattern.compile("^(MD[245]|SHA-?1|SHA-?(?:224|256|384|512)(?:/2(?:24|56))?|SHA3-(?:224|256|384|512))with.*",
            Pattern.CASE_INSENSITIVE);

    private ChannelBinding() {}

    /**
     * The binding for the server side of a session: the hash of the certificate this server sent, or
     * {@code null} when RFC 5929 §4.1 leaves it undefined (no X.509 certificate, or a signature
     * algorithm without a single hash, such as Ed25519); then -PLUS mechanisms must not be offered.
     */
    public static byte[] tlsServerEndPoint(SSLSession session) {
        Certificate[] local = session.getLocalCertificates();
        if (local == null || local.length == 0 || !(local[0] instanceof X509Certificate leaf)) return null;
        try {
            return tlsServerEndPoint(leaf);
        } catch (IllegalArgumentException undefined) {
            return null;
        }
    }

    /**
     * RFC 5929 §4.1: the certificate's DER hashed with the hash of its signature algorithm, except
     * that MD5 and SHA-1 are replaced by SHA-256.
     *
     * @throws IllegalArgumentException if the signature algorithm has no single hash (e.g. Ed25519)
     */
    public static byte[] tlsServerEndPoint(X509Certificate certificate) {
        String hash = hashAlgorithm(certificate.getSigAlgName(), certificate.getSigAlgParams());
        try {
            return MessageDigest.getInstance(hash).digest(certificate.getEncoded());
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("cannot compute tls-server-end-point with " + hash, e);
        }
    }

    /** The digest for {@code tls-server-end-point} given a JCA signature algorithm name and its parameters. */
    static String hashAlgorithm(String signatureAlgorithm, byte[] parameters) {
        String hash;
        if (signatureAlgorithm.equalsIgnoreCase("RSASSA-PSS")) {
            hash = pssHash(parameters); // RFC 4055 §3.1: the hash is in the parameters
        } else {
            Matcher m = HASH_WITH.matcher(signatureAlgorithm);
            if (!m.matches()) {
                throw new IllegalArgumentException("tls-server-end-point is undefined for " + signatureAlgorithm + " (RFC 5929 §4.1)");
            }
            hash = m.group(1).toUpperCase(Locale.ROOT);
        }
        hash = hash.toUpperCase(Locale.ROOT);
        if (hash.startsWith("MD") || hash.equals("SHA1") || hash.equals("SHA-1")) return "SHA-256";
        if (hash.startsWith("SHA3-") || hash.startsWith("SHA-")) return hash;
        return "SHA-" + hash.substring(3); // SHA256 -> SHA-256, SHA512/256 -> SHA-512/256
    }

    private static String pssHash(byte[] parameters) {
        if (parameters == null) return "SHA-1"; // RSASSA-PSS-params default (RFC 4055 §3.1)
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
            p.init(parameters);
            return p.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("unreadable RSASSA-PSS parameters in the certificate", e);
        }
    }
}
