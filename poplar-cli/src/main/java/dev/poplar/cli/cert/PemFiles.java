// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.cert;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes a certificate ({@code CERTIFICATE}, mode 0644) and its private key (PKCS#8
 * {@code PRIVATE KEY}, RFC 7468 §10, mode 0600 from the moment it exists) as PEM files. Each file is
 * written to a temporary file in the same directory, synced, then renamed, so a reader never sees half
 * a file. Stateless.
 */
public final class PemFiles {
    private static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {}

    /**
     * Writes both files, creating missing parent directories.
     *
     * @param replace replace existing files; without it an existing file is an error and nothing is written
     * @throws FileAlreadyExistsException if a file exists and {@code replace} is false
     */
    public static void write(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile, boolean replace) throws IOException {
        if (!replace) {
            for (Path p : new Path[] {certFile, keyFile}) if (Files.exists(p)) throw new FileAlreadyExistsException(p.toString());
        }
        byte[] certPem;
        try {
            certPem = pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
        byte[] der = key.getEncoded(); // PKCS#8 PrivateKeyInfo for the JDK's keys
        byte[] keyPem = pem("PRIVATE KEY", der);
        try {
            install(keyFile, keyPem, KEY_MODE, replace);
            install(certFile, certPem, CERT_MODE, replace);
        } finally {
            Arrays.fill(der, (byte) 0);
            Arrays.fill(keyPem, (byte) 0);
        }
    }

    /** SHA-256 fingerprint in the colon-separated form {@code openssl x509 -fingerprint} prints. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void install(Path target, byte[] content, Set<PosixFilePermission> mode, boolean replace) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        String suffix = HexFormat.of().formatHex(randomBytes());
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + suffix);
        FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
        try {
            // Created with its final mode: the key is never readable by others, not even briefly.
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            if (posix) Files.setPosixFilePermissions(tmp, mode); // exact, whatever the umask
            if (replace) Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            else Files.move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
