// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.cert;

import java.math.BigInteger;
import java.net.IDN;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A freshly generated self-signed server certificate and its key, for demos, tests and private
 * deployments whose clients pin the certificate. The certificate names every host in its subject
 * alternative names (clients match those, RFC 6125 §6.4.4, not the CN), is valid for TLS server
 * authentication only, and is not a CA. Immutable; {@link #toString()} never shows the key.
 *
 * @param certificate the certificate, signed by its own key
 * @param key         the private key (EC P-256 or RSA 3072)
 */
public record SelfSignedCertificate(X509Certificate certificate, PrivateKey key) {
    /** The longest validity accepted: ten years. */
    public static final int MAX_DAYS = 3650;
    /** RFC 5280 appendix A ub-common-name. */
    private static final int MAX_CN = 64;
    /** Back-dated a little so that a client whose clock is behind still accepts it. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    /** The key algorithm. */
    public enum KeyType {
        /** ECDSA on P-256 (secp256r1): small and fast, what every current client supports. */
        EC,
        /** RSA with 3072-bit keys, for clients that know no ECDSA. */
        RSA;

        /** {@code ec} or {@code rsa}, any case. */
        public static KeyType parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "ec" -> EC;
                case "rsa" -> RSA;
                default -> throw new IllegalArgumentException("unknown key type " + name + " (use ec or rsa)");
            };
        }
    }

    /**
     * Generates a key pair and a certificate for the hosts, valid from now for {@code days} days.
     *
     * @param hosts DNS names ({@code *.} wildcards allowed, internationalised names converted to
     *              A-labels) or IP addresses; the first one is also the subject's CN
     * @throws IllegalArgumentException for no hosts, a malformed host, or days outside 1..3650
     * @throws GeneralSecurityException if this JDK cannot generate the key or sign the certificate
     */
    public static SelfSignedCertificate generate(List<String> hosts, int days, KeyType type) throws GeneralSecurityException {
        if (hosts.isEmpty()) throw new IllegalArgumentException("at least one host is needed");
        if (days < 1 || days > MAX_DAYS) throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS);
        List<GeneralName> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String host : hosts) {
            GeneralName name = generalName(host);
            if (seen.add(name.toString())) names.add(name);
        }
        try {
            KeyPair pair = keyPair(type);
            SecureRandom random = new SecureRandom();
            // RFC 5280 §4.1.2.2: positive, at most 20 octets; 126 random bits (CA/B BR: at least 64).
            BigInteger serial = new BigInteger(126, random).setBit(126);
            Instant now = Instant.now();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName(hosts.getFirst())).build();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(Duration.ofDays(days))), subject, pair.getPublic());
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(type == KeyType.RSA
                            ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(pair.getPublic()));
            String algorithm = type == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
            return new SelfSignedCertificate(certificate, pair.getPrivate());
        } catch (OperatorCreationException | CertIOException e) {
            throw new GeneralSecurityException("cannot create the certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair(KeyType type) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
        if (type == KeyType.EC) generator.initialize(new ECGenParameterSpec("secp256r1"));
        else generator.initialize(3072);
        return generator.generateKeyPair();
    }

    /** An iPAddress entry for an IP literal (RFC 5280 §4.2.1.6), a dNSName entry for a host name. */
    static GeneralName generalName(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (IPAddress.isValidIPv4(h) || IPAddress.isValidIPv6(h)) return new GeneralName(GeneralName.iPAddress, h);
        return new GeneralName(GeneralName.dNSName, dnsName(host));
    }

    /** The lower-case A-label form (RFC 5890) of a host name, with an optional leading {@code *.}. */
    static String dnsName(String host) {
        boolean wildcard = host.startsWith("*.");
        String rest = wildcard ? host.substring(2) : host;
        String ascii;
        try {
            ascii = IDN.toASCII(rest, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a host name or IP address: " + host);
        }
        if (ascii.isEmpty() || ascii.length() > 253 || ascii.startsWith(".") || ascii.endsWith(".") || ascii.contains("..")
                || (wildcard && !ascii.contains("."))) {
            throw new IllegalArgumentException("not a host name or IP address: " + host);
        }
        return wildcard ? "*." + ascii : ascii;
    }

    private static String commonName(String firstHost) {
        GeneralName name = generalName(firstHost);
        String cn = name.getTagNo() == GeneralName.dNSName ? dnsName(firstHost) : firstHost.strip();
        return cn.length() <= MAX_CN ? cn : "Poplar self-signed"; // clients match the SAN, not the CN
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal().getName() + ", " + key.getAlgorithm() + " key]";
    }
}
