// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import dev.poplar.server.spi.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SCRAM-SHA-256 keys derived from {@code {PLAIN}} passwords, so that users stored in plaintext can use
 * the SCRAM-SHA-256 mechanism too, with a bounded cache so that repeated logins do not pay PBKDF2 each
 * time. Thread-safe: the cache is guarded by a lock, and PBKDF2 runs outside it.
 *
 * <p>The salt is HMAC-SHA-256(per-process random key, user name), cut to 16 bytes: the same for every
 * exchange of a user while the process runs (a new salt per attempt would tell an observer that the
 * keys are made on the fly), and not computable by anyone outside the process.
 */
final class DerivedScramKeys {

    /** RFC 7677 §4's minimum and Dovecot's default: what a client expects for a fresh credential. */
    static final int ITERATIONS = 4096;
    /** As for keys {@code doveadm pw} makes. */
    static final int SALT_BYTES = 16;
    /** Most users kept; a hit saves one PBKDF2 (about 2 ms), an entry costs a few hundred bytes. */
    static final int MAX_ENTRIES = 10_000;

    private static final byte[] SALT_LABEL = "poplar SCRAM-SHA-256 salt\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] saltKey = Salts.bytes(32);
    private final int maxEntries;
    private final ReentrantLock lock = new ReentrantLock();
    /** By user name, least recently used first. Guarded by lock. */
    private final LinkedHashMap<String, Cached> cache;

    /** What was derived from which stored password: a hit must come from the very same entry. */
    private record Cached(PlainPassword source, ScramCredential credential) {}

    DerivedScramKeys() {
        this(MAX_ENTRIES);
    }

    DerivedScramKeys(int maxEntries) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be at least 1");
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > DerivedScramKeys.this.maxEntries;
            }
        };
    }

    /** The keys for a user's plaintext password, from the cache when that entry was derived before. */
    ScramCredential get(String user, PlainPassword source) {
        lock.lock();
        try {
            Cached hit = cache.get(user);
            // Identity, not equality: a reload makes new entries, so a changed password never hits, and
            // no secrets are compared.
            if (hit != null && hit.source() == source) return hit.credential();
        } finally {
            lock.unlock();
        }
        byte[] password = source.secret().getBytes(StandardCharsets.UTF_8);
        ScramCredential credential;
        try {
            credential = ScramKeys.derive(password, salt(user), ITERATIONS);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        lock.lock();
        try {
            cache.put(user, new Cached(source, credential));
        } finally {
            lock.unlock();
        }
        return credential;
    }

    /** The salt for a user: deterministic within this process, unpredictable outside it. */
    byte[] salt(String user) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] message = Arrays.copyOf(SALT_LABEL, SALT_LABEL.length + name.length);
        System.arraycopy(name, 0, message, SALT_LABEL.length, name.length);
        return Arrays.copyOf(ScramKeys.hmac(saltKey, message), SALT_BYTES);
    }

    /** Forgets everything, so that a reloaded file leaves no old password behind. */
    void clear() {
        lock.lock();
        try {
            cache.clear();
        } finally {
            lock.unlock();
        }
    }

    /** How many users are cached; for tests. */
    int size() {
        lock.lock();
        try {
            return cache.size();
        } finally {
            lock.unlock();
        }
    }
}
