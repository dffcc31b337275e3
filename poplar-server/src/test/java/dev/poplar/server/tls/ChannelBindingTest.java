// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import static org.junit.jupiter.api.Assertions.*;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** RFC 5929 §4.1: tls-server-end-point hashes the certificate with its signature's hash. */
class ChannelBindingTest {
    @Test
    void hashFollowsTheSignatureAlgorithm_rfc5929section4_1() {
        assertEquals("SHA-256", ChannelBinding.hashAlgorithm("SHA256withECDSA", null));
        assertEquals("SHA-384", ChannelBinding.hashAlgorithm("SHA384withECDSA", null));
        assertEquals("SHA-512", ChannelBinding.hashAlgorithm("SHA512withRSA", null));
        assertEquals("SHA-224", ChannelBinding.hashAlgorithm("SHA224withRSA", null));
        assertEquals("SHA3-256", ChannelBinding.hashAlgorithm("SHA3-256withECDSA", null));
    }

    @Test
    void md5AndSha1BecomeSha256_rfc5929section4_1() {
        assertEquals("SHA-256", ChannelBinding.hashAlgorithm("MD5withRSA", null));
        assertEquals("SHA-256", ChannelBinding.hashAlgorithm("SHA1withRSA", null));
        assertEquals("SHA-256", ChannelBinding.hashAlgorithm("SHA1withECDSA", null));
        assertEquals("SHA-256", ChannelBinding.hashAlgorithm("RSASSA-PSS", null), "PSS default hash is SHA-1");
    }

    @Test
    void signaturesWithoutASingleHashAreUndefined_rfc5929section4_1() {
        assertThrows(IllegalArgumentException.class, () -> ChannelBinding.hashAlgorithm("Ed25519", null));
        assertThrows(IllegalArgumentException.class, () -> ChannelBinding.hashAlgorithm("EdDSA", null));
    }

    @Test
    void certificatesFromTheFixtures() throws Exception {
        X509Certificate ec = Fixtures.certificate("ec-cert.pem");
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(ec.getEncoded()), ChannelBinding.tlsServerEndPoint(ec));
        X509Certificate ec384 = Fixtures.certificate("ec384-cert.pem");
        assertEquals("SHA384withECDSA", ec384.getSigAlgName());
        assertArrayEquals(MessageDigest.getInstance("SHA-384").digest(ec384.getEncoded()), ChannelBinding.tlsServerEndPoint(ec384));
        X509Certificate ed = Fixtures.certificate("ed25519-cert.pem");
        assertThrows(IllegalArgumentException.class, () -> ChannelBinding.tlsServerEndPoint(ed));
    }
}
