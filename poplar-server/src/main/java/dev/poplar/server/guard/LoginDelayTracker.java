// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The LOGIN-DELAY policy (RFC 2449 §6.8): the minimum time after a successful login before the same user
 * may log in again; a login that comes too soon gets {@code -ERR [LOGIN-DELAY]} (RFC 2449 §8.1.1).
 * Thread-safe: one short lock.
 *
 * <p>Call {@link #tryLogin} once the credentials are verified (never before, so the answer reveals nothing
 * about unknown users), with the canonical account name. Memory is bounded: entries older than the delay
 * are dropped, and beyond {@code maxUsers} the oldest entry goes, which at worst lets that user in early.
 */
public final class LoginDelayTracker {
    public static final int MAX_USERS = 100_000;

    private final long delay;
    private final int maxUsers;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Long> lastLogin = new LinkedHashMap<>(); // oldest login first

    /** A tracker on the system clock with room for {@value #MAX_USERS} users. */
    public LoginDelayTracker(Duration minimum) {
        this(minimum, MAX_USERS, System::nanoTime);
    }

    public LoginDelayTracker(Duration minimum, int maxUsers, LongSupplier nanoTime) {
        if (minimum.isNegative()) throw new IllegalArgumentException("the login delay cannot be negative");
        if (maxUsers < 1) throw new IllegalArgumentException("maxUsers must be at least 1");
        this.delay = minimum.toNanos();
        this.maxUsers = maxUsers;
        this.nanoTime = Objects.requireNonNull(nanoTime);
    }

    /** The minimum interval, for the CAPA tag {@code LOGIN-DELAY <seconds>}. */
    public Duration delay() {
        return Duration.ofNanos(delay);
    }

    /**
     * Atomically checks and records a login by {@code user}. Returns {@link Duration#ZERO} if the login may
     * proceed (and it is recorded), or the time still to wait (nothing is recorded: a refused login does
     * not restart the delay).
     */
    public Duration tryLogin(String user) {
        Objects.requireNonNull(user);
        if (delay == 0) return Duration.ZERO;
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            dropOld(now);
            Long last = lastLogin.get(user);
            if (last != null && now - last < delay) return Duration.ofNanos(delay - (now - last));
            lastLogin.remove(user); // re-insert at the end, keeping the map in login order
            while (lastLogin.size() >= maxUsers) dropEldest();
            lastLogin.put(user, now);
            return Duration.ZERO;
        } finally {
            lock.unlock();
        }
    }

    /** How many users are remembered (for tests and metrics). */
    int tracked() {
        lock.lock();
        try {
            return lastLogin.size();
        } finally {
            lock.unlock();
        }
    }

    private void dropOld(long now) {
        Iterator<Map.Entry<String, Long>> it = lastLogin.entrySet().iterator();
        while (it.hasNext() && now - it.next().getValue() >= delay) it.remove();
    }

    private void dropEldest() {
        Iterator<String> it = lastLogin.keySet().iterator();
        it.next();
        it.remove();
    }
}
