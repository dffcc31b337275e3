// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import static dev.poplar.server.tls.Fixtures.path;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** protocol.md §6 "certificates from PEM files (chain + key)": the formats OpenSSL and certbot write. */
class PemLoadingTest {
    @TempDir
    Path tmp;

    @Test
    void pkcs8RsaKey_rfc5208() throws Exception {
        KeyMaterial m = KeyMaterial.load(path("rsa-cert.pem"), path("rsa-key-pkcs8.pem"));
        assertInstanceOf(RSAPrivateKey.class, m.key());
        assertEquals(1, m.chain().size());
    }

    @Test
    void pkcs1RsaKey_rfc8017() throws Exception {
        PrivateKey pkcs1 = PrivateKeyPem.read(path("rsa-key-pkcs1.pem"));
        PrivateKey pkcs8 = PrivateKeyPem.read(path("rsa-key-pkcs8.pem"));
        assertArrayEquals(pkcs8.getEncoded(), pkcs1.getEncoded(), "the same key either way");
        KeyMaterial.load(path("rsa-cert.pem"), path("rsa-key-pkcs1.pem"));
    }

    @Test
    void sec1EcKeyWithEcParametersBlock_rfc5915() throws Exception {
        assertTrue(Files.readString(path("ec-key-sec1.pem")).startsWith("-----BEGIN EC PARAMETERS-----"));
        PrivateKey sec1 = PrivateKeyPem.read(path("ec-key-sec1.pem"));
        assertInstanceOf(ECPrivateKey.class, sec1);
        assertEquals(((ECPrivateKey) PrivateKeyPem.read(path("ec-key-pkcs8.pem"))).getS(), ((ECPrivateKey) sec1).getS());
        KeyMaterial.load(path("ec-cert.pem"), path("ec-key-sec1.pem"));
        KeyMaterial.load(path("ec-cert.pem"), path("ec-key-pkcs8.pem"));
        KeyMaterial.load(path("ec2-cert.pem"), path("ec2-key-sec1.pem")); // no EC PARAMETERS block
        KeyMaterial.load(path("ec384-cert.pem"), path("ec384-key.pem"));
    }

    @Test
    void sec1KeyWithoutCurveTakesItFromTheEcParametersBlock_rfc5915() throws Exception {
        List<Pem.Block> blocks = Pem.read(path("ec-key-sec1.pem"));
        byte[] params = blocks.get(0).der();
        byte[] sec1 = blocks.get(1).der();
        // Rebuild the ECPrivateKey without its [0] parameters: version, privateKey, [1] publicKey.
        Der.Reader fields = new Der.Reader(sec1).next().contents();
        byte[] version = fields.next().encoded();
        byte[] privateKey = fields.next().encoded();
        fields.next(); // [0] parameters, dropped
        byte[] publicKey = fields.next().encoded();
        byte[] stripped = Der.tlv(Der.SEQUENCE, version, privateKey, publicKey);
        Path key = tmp.resolve("key.pem");
        Files.writeString(key, pem("EC PARAMETERS", params) + pem("EC PRIVATE KEY", stripped));
        KeyMaterial.load(path("ec-cert.pem"), key);

        Files.writeString(key, pem("EC PRIVATE KEY", stripped));
        assertProblem(() -> PrivateKeyPem.read(key), key, "no curve");
    }

    @Test
    void chainWithTwoCertificatesAndTextAroundTheBlocks_rfc7468section2() throws Exception {
        String text = Files.readString(path("chain.pem"));
        assertTrue(text.startsWith("Bag Attributes") && text.contains("issuer=") && text.endsWith("trailing text\n"));
        KeyMaterial m = KeyMaterial.load(path("chain.pem"), path("leaf-key.pem"));
        assertEquals(2, m.chain().size());
        assertEquals(Fixtures.certificate("ca-cert.pem"), m.chain().get(1));
        assertTrue(m.leaf().getSubjectX500Principal().getName().contains("mail.example.test"));
    }

    @Test
    void chainInTheWrongOrderIsRefused_rfc8446section4_4_2() {
        assertProblem(() -> KeyMaterial.load(path("chain-wrong-order.pem"), path("leaf-key.pem")),
                path("chain-wrong-order.pem"), "did not issue certificate 1");
    }

    @Test
    void keyThatIsNotTheCertificatesIsRefused() {
        assertProblem(() -> KeyMaterial.load(path("ec-cert.pem"), path("ec2-key-sec1.pem")),
                path("ec2-key-sec1.pem"), "does not belong to the first certificate in " + path("ec-cert.pem"));
        assertProblem(() -> KeyMaterial.load(path("rsa-cert.pem"), path("ec-key-pkcs8.pem")),
                path("ec-key-pkcs8.pem"), "does not belong");
        assertProblem(() -> KeyMaterial.load(path("chain.pem"), path("ec-key-pkcs8.pem")), path("ec-key-pkcs8.pem"), "does not belong");
    }

    @Test
    void encryptedKeysAreRefusedWithAHint() {
        assertProblem(() -> PrivateKeyPem.read(path("encrypted-pkcs8.pem")), path("encrypted-pkcs8.pem"),
                "encrypted keys are not supported; decrypt with openssl pkey");
        assertProblem(() -> PrivateKeyPem.read(path("encrypted-pkcs1.pem")), path("encrypted-pkcs1.pem"),
                "encrypted keys are not supported; decrypt with openssl pkey");
    }

    @Test
    void garbageIsRefusedWithoutEchoingIt() throws Exception {
        TlsMaterialException e = assertProblem(() -> PrivateKeyPem.read(path("garbage.pem")), path("garbage.pem"), "not valid base64");
        assertFalse(e.getMessage().contains("@@@"));
        Path text = tmp.resolve("text.pem");
        Files.writeString(text, "hello\n");
        assertProblem(() -> PrivateKeyPem.read(text), text, "no PRIVATE KEY");
        assertProblem(() -> CertificatePem.read(text), text, "no CERTIFICATE block");
        assertProblem(() -> CertificatePem.read(path("rsa-key-pkcs8.pem")), path("rsa-key-pkcs8.pem"), "no CERTIFICATE block");
        assertProblem(() -> PrivateKeyPem.read(path("ec-cert.pem")), path("ec-cert.pem"), "no PRIVATE KEY");

        Path bad = tmp.resolve("bad.pem");
        Files.writeString(bad, pem("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}));
        assertProblem(() -> CertificatePem.read(bad), bad, "not a valid X.509 certificate");
        Files.writeString(bad, pem("PRIVATE KEY", new byte[] {0x30, (byte) 0x84, 0x7F, 0, 0, 0}));
        assertProblem(() -> PrivateKeyPem.read(bad), bad, "malformed");
        Files.writeString(bad, "-----BEGIN PRIVATE KEY-----\nAAAA\n");
        assertProblem(() -> PrivateKeyPem.read(bad), bad, "has no END line");
        Files.writeString(bad, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertProblem(() -> PrivateKeyPem.read(bad), bad, "different END line");
        Files.writeString(bad, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        assertProblem(() -> PrivateKeyPem.read(bad), bad, "unsupported key format OPENSSH PRIVATE KEY");
        Files.write(bad, new byte[Pem.MAX_FILE_BYTES + 1]);
        assertProblem(() -> PrivateKeyPem.read(bad), bad, "larger than 1 MiB");
        Path missing = tmp.resolve("missing.pem");
        assertProblem(() -> CertificatePem.read(missing), missing, "cannot read");
    }

    @Test
    void twoKeysInOneFileAreRefused() throws Exception {
        Path two = tmp.resolve("two.pem");
        Files.writeString(two, Files.readString(path("ec-key-pkcs8.pem")) + Files.readString(path("rsa-key-pkcs8.pem")));
        assertProblem(() -> PrivateKeyPem.read(two), two, "more than one private key");
    }

    @Test
    void combinedFileWithCertificateAndKeyLoadsBothWays() throws Exception {
        Path combined = tmp.resolve("combined.pem");
        Files.writeString(combined, Files.readString(path("ec-cert.pem")) + Files.readString(path("ec-key-sec1.pem")));
        KeyMaterial.load(combined, combined);
    }

    @Test
    void toStringNeverShowsTheKey() throws Exception {
        KeyMaterial m = KeyMaterial.load(path("rsa-cert.pem"), path("rsa-key-pkcs8.pem"));
        String modulus = ((RSAPrivateKey) m.key()).getModulus().toString();
        assertFalse(m.toString().contains(modulus.substring(0, 20)), m.toString());
        assertFalse(Pem.read(path("rsa-key-pkcs8.pem")).getFirst().toString().contains("MII"));
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    interface Load {
        void run() throws Exception;
    }

    static TlsMaterialException assertProblem(Load load, Path file, String problem) {
        TlsMaterialException e = assertThrows(TlsMaterialException.class, load::run);
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(file, e.file());
        return e;
    }
}
