// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords verified recently, so that a user who logs in every minute pays the slow hash (Argon2id,
 * bcrypt) once per {@code ttl} rather than at every login, as Dovecot's auth cache does. Thread-safe:
 * the table is guarded by a lock, and the HMAC runs outside it.
 *
 * <p>Per user it keeps HMAC-SHA-256(key, name || 0x00 || password), the credential tag of the entry
 * that was checked, and when. The key is 32 random bytes made for this instance and never leaves
 * memory, so what is kept is no offline guessing target for anyone who does not also have the key (an
 * unkeyed digest of a password in a log or a database would be one), and the password itself is never
 * kept. A heap dump does hold the key; a short lifetime keeps what it can show to recent logins.
 *
 * <p>Only successes are remembered. The table is bounded by {@code maxEntries}; since every entry lives
 * for the same {@code ttl} and an entry moves to the end when it is remembered again, the oldest entry
 * is always the first to expire, so dropping from the front drops the expired ones first. Time is a
 * monotonic nanosecond clock ({@link System#nanoTime} outside tests): a wall clock set back would keep
 * entries alive longer.
 */
final class VerifiedLogins {

    /** Most users remembered: a few hundred bytes each, so a few tens of MiB at most. */
    static final int MAX_ENTRIES = 65_536;
    /** Length of what is remembered per user: one HMAC-SHA-256 output. */
    static final int DIGEST_BYTES = 32;

    private final SecretKeySpec key = new SecretKeySpec(Salts.bytes(DIGEST_BYTES), "HmacSHA256");
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    /** By user name, oldest verification first. Guarded by lock. */
    private final LinkedHashMap<String, Remembered> table = new LinkedHashMap<>();

    /** One successful check: of which password (keyed digest), against which entry (tag), and when. */
    private record Remembered(byte[] digest, String tag, long verifiedAtNanos) {}

    /**
     * @param ttl        how long a verification counts; zero turns the cache off
     * @param maxEntries most users remembered at once
     * @param nanoClock  a monotonic clock in nanoseconds, as {@link System#nanoTime}
     */
    VerifiedLogins(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (ttl.isNegative()) throw new IllegalArgumentException("the cache lifetime must not be negative");
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be at least 1");
        // Saturated: a lifetime beyond 292 years is as good as forever.
        this.ttlNanos = ttl.compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Whether anything is ever remembered. */
    boolean enabled() {
        return ttlNanos > 0;
    }

    /**
     * The keyed digest of a user's password, to pass to {@link #isVerified} and {@link #remember}.
     * Computed for every login with the cache on, whether or not the name is known or cached, so that
     * the work before the real check does not depend on either.
     */
    byte[] digest(String user, byte[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // The separator keeps ("ab", "c") and ("a", "bc") apart; a name never holds a NUL.
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    /**
     * True when this password was verified for this user, against an entry with this credential tag,
     * less than the lifetime ago. A changed password line has another tag, so it never hits.
     */
    boolean isVerified(String user, byte[] digest, String tag) {
        if (!enabled()) return false;
        Remembered hit;
        lock.lock();
        try {
            hit = table.get(user);
        } finally {
            lock.unlock();
        }
        if (hit == null || !hit.tag().equals(tag) || expired(hit, nanoClock.getAsLong())) return false;
        // Constant time, so that the answer does not tell how much of a guess was right.
        return MessageDigest.isEqual(hit.digest(), digest);
    }

    /** Remembers a successful check; the caller must only call this after the real check said yes. */
    void remember(String user, byte[] digest, String tag) {
        if (!enabled()) return;
        byte[] copy = digest.clone();
        lock.lock();
        try {
            // Read under the lock, so that the table stays in order of verification time.
            long now = nanoClock.getAsLong();
            // Removed first, so that it goes to the end: the front stays the oldest.
            table.remove(user);
            dropExpired(now);
            if (table.size() >= maxEntries) {
                Iterator<String> oldest = table.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            table.put(user, new Remembered(copy, tag, now));
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything: the users file changed. */
    void clear() {
        lock.lock();
        try {
            table.clear();
        } finally {
            lock.unlock();
        }
    }

    /** How many users are remembered (expired ones not yet dropped included); for tests. */
    int size() {
        lock.lock();
        try {
            return table.size();
        } finally {
            lock.unlock();
        }
    }

    /** A copy of what is kept for a user, or null; for tests to see that it is no password. */
    byte[] remembered(String user) {
        lock.lock();
        try {
            Remembered r = table.get(user);
            return r == null ? null : r.digest().clone();
        } finally {
            lock.unlock();
        }
    }

    /** Drops expired entries from the front, where they gather. Guarded by lock. */
    private void dropExpired(long now) {
        Iterator<Map.Entry<String, Remembered>> it = table.entrySet().iterator();
        while (it.hasNext() && expired(it.next().getValue(), now)) it.remove();
    }

    private boolean expired(Remembered r, long now) {
        // A difference, not a comparison of instants: nanoTime values may wrap.
        return now - r.verifiedAtNanos() >= ttlNanos;
    }
}
