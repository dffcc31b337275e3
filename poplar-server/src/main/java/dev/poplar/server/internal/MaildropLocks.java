// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code exclusive} locking policy (protocol.md §8, RFC 1939 §8): one session per account. A new
 * login takes over the lock from a holder that has sent nothing for the takeover time (its connection
 * is closed; as on any disconnect its deletions are not committed), so a client whose connection died
 * does not lock itself out for the whole inactivity timeout. Thread-safe.
 */
public final class MaildropLocks {
    private static final int TAKEOVER_WAITS = 50;
    private static final long TAKEOVER_WAIT_MILLIS = 100;

    private final ConcurrentHashMap<String, SessionContext> holders = new ConcurrentHashMap<>();

    /** Takes the lock of {@code account} for {@code session}; false if another live session holds it. */
    boolean acquire(String account, SessionContext session, Duration takeover) {
        for (int i = 0; i < TAKEOVER_WAITS; i++) {
            SessionContext holder = holders.putIfAbsent(account, session);
            if (holder == null || holder == session) return true;
            if (holder.silentNanos() <= takeover.toNanos()) return false;
            holder.abort.run(); // the holder releases the lock as its connection ends
            try {
                TimeUnit.MILLISECONDS.sleep(TAKEOVER_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    void release(String account, SessionContext session) {
        holders.remove(account, session);
    }
}
