// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The server's TLS policy as JSSE parameters. Constants and a pure function; thread-safe.
 *
 * <ul>
 *   <li>Protocols: TLS 1.3 and 1.2 only (RFC 8996 deprecates 1.0 and 1.1; RFC 8997 for mail).</li>
 *   <li>Cipher suites: AEAD with forward secrecy only (RFC 9325 §4.2): the TLS 1.3 suites, and for
 *       TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305; the server's order wins.</li>
 *   <li>Signature schemes: no SHA-1 or MD5 (RFC 9155).</li>
 *   <li>ALPN: {@code pop3} only (IANA registry, RFC 2595): a client that offers ALPN without it gets
 *       {@code no_application_protocol} (RFC 7301 §3.2), one that offers none is served (ALPACA).</li>
 *   <li>No client certificates, no endpoint identification (that is the client's job).</li>
 * </ul>
 */
final class TlsParameters {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** In preference order (AES-128 first: as strong as needed and fastest with AES-NI). */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Handshake signatures (RFC 8446 §4.2.3); SHA-1 and MD5 are left out (RFC 9155). */
    static final List<String> SIGNATURE_SCHEMES = List.of(
            "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512",
            "ed25519", "ed448",
            "rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512",
            "rsa_pss_pss_sha256", "rsa_pss_pss_sha384", "rsa_pss_pss_sha512",
            "rsa_pkcs1_sha256", "rsa_pkcs1_sha384", "rsa_pkcs1_sha512");

    /** The IANA ALPN identifier for POP3. */
    static final String ALPN_POP3 = "pop3";

    private TlsParameters() {}

    /** The suites of {@link #CIPHER_SUITES} that this JDK supports, in our order. */
    static String[] cipherSuites(SSLContext context) {
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
        List<String> usable = new ArrayList<>();
        for (String suite : CIPHER_SUITES) if (supported.contains(suite)) usable.add(suite);
        if (usable.isEmpty()) throw new IllegalStateException("this JDK supports none of the allowed TLS cipher suites");
        return usable.toArray(String[]::new);
    }

    /** The parameters for one server socket; {@code sni} is null unless SNI is strict. */
    static SSLParameters server(String[] cipherSuites, SNIMatcher sni) {
        SSLParameters p = new SSLParameters(cipherSuites.clone(), PROTOCOLS.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        p.setSignatureSchemes(SIGNATURE_SCHEMES.toArray(String[]::new));
        p.setApplicationProtocols(new String[] {ALPN_POP3});
        p.setEndpointIdentificationAlgorithm(null);
        p.setNeedClientAuth(false);
        p.setWantClientAuth(false);
        if (sni != null) p.setSNIMatchers(List.of(sni));
        return p;
    }
}
