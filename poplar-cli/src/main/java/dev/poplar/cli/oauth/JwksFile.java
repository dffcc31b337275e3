// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.oauth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The trusted keys of a local JWKS file (RFC 7517 §5), re-read when the file's modification time, size
 * or inode changes. Thread-safe: the keys are published by one volatile write; when the file changed,
 * the first caller to notice re-reads it while the others keep using the last good keys.
 *
 * <p>Only public keys are used: private parts are dropped, and symmetric keys are ignored, so a token
 * can never be checked with HMAC over a public key.
 */
final class JwksFile {

    /** Largest file read: a JWK set of {@link #MAX_KEYS} RSA-4096 keys is well under 100 KiB. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Most keys: an issuer publishes a handful; a token without {@code kid} is tried against each. */
    static final int MAX_KEYS = 100;

    private static final System.Logger LOG = System.getLogger(JwksFile.class.getName());

    /** One version of the file. */
    private record Version(FileTime modified, long size, Object fileKey) {
        static Version of(Path path) throws IOException {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Version(a.lastModifiedTime(), a.size(), a.fileKey());
        }
    }

    private record Snapshot(List<TrustedKey> keys, Version version) {}

    private final Path path;
    private final ReentrantLock reloadLock = new ReentrantLock();
    private final AtomicBoolean statFailing = new AtomicBoolean();
    private volatile Snapshot current;
    /** The version whose reload failed last, so each bad version is warned about once. Guarded by reloadLock. */
    private Version failed;

    private JwksFile(Path path, Snapshot first) {
        this.path = path;
        this.current = first;
    }

    /**
     * Reads the file.
     *
     * @throws IOException when it is missing, unreadable, too large or not a JWK set; the message names
     *                     the file and why
     */
    static JwksFile open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Version version = Version.of(path);
        JwksFile file = new JwksFile(path, new Snapshot(load(path), version));
        LOG.log(Level.INFO, "JWKS file {0}: {1} usable keys", path, Integer.toString(file.current.keys().size()));
        return file;
    }

    /** The trusted keys, re-reading the file first if it changed; on failure, the last good keys. */
    List<TrustedKey> keys() {
        refresh();
        return current.keys();
    }

    private void refresh() {
        Version now;
        try {
            now = Version.of(path);
        } catch (IOException e) {
            if (statFailing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "JWKS file {0} cannot be read ({1}); keeping the last good keys",
                        path, e.getClass().getSimpleName());
            }
            return;
        }
        statFailing.set(false);
        if (now.equals(current.version())) return;
        if (!reloadLock.tryLock()) return;
        try {
            if (now.equals(current.version()) || now.equals(failed)) return;
            try {
                current = new Snapshot(load(path), now);
                failed = null;
                LOG.log(Level.INFO, "JWKS file {0} reloaded: {1} usable keys", path,
                        Integer.toString(current.keys().size()));
            } catch (IOException e) {
                failed = now;
                LOG.log(Level.WARNING, "{0}; keeping the last good keys", e.getMessage());
            }
        } finally {
            reloadLock.unlock();
        }
    }

    /** Reads and converts the keys; a key that cannot verify tokens is skipped with a warning. */
    private static List<TrustedKey> load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new IOException("JWKS file " + path + " is missing or not a regular file");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) throw new IOException("JWKS file " + path + " is larger than " + MAX_BYTES + " bytes");
        List<JWK> jwks;
        try {
            jwks = JWKSet.parse(new String(bytes, StandardCharsets.UTF_8)).getKeys();
        } catch (ParseException e) {
            // The parser's message may quote the file, which may hold private keys by mistake: offset only.
            throw new IOException("JWKS file " + path + " is not a JWK set (RFC 7517 §5); error near offset "
                    + e.getErrorOffset());
        }
        if (jwks.size() > MAX_KEYS) throw new IOException("JWKS file " + path + " has more than " + MAX_KEYS + " keys");
        List<TrustedKey> keys = new ArrayList<>();
        boolean privateParts = false;
        for (int i = 0; i < jwks.size(); i++) {
            JWK jwk = jwks.get(i);
            if (jwk instanceof OctetSequenceKey) {
                skip(path, i, "symmetric keys are never trusted (HS256 and the like are refused)");
                continue;
            }
            privateParts |= jwk.isPrivate();
            try {
                keys.add(TrustedKey.from(jwk.toPublicJWK()));
            } catch (IllegalArgumentException e) {
                skip(path, i, e.getMessage());
            }
        }
        if (privateParts) {
            LOG.log(Level.WARNING, "JWKS file {0} holds private key parts; only the public parts are used, "
                    + "but keep private keys out of this file", path);
        }
        if (keys.isEmpty()) LOG.log(Level.WARNING, "JWKS file {0} has no usable key: every token is refused", path);
        return List.copyOf(keys);
    }

    private static void skip(Path path, int index, String reason) {
        LOG.log(Level.WARNING, "JWKS file {0} key #{1} ignored: {2}", path, Integer.toString(index + 1), reason);
    }
}
