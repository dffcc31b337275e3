// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

/**
 * What {@link LoginGuard} remembers about one client address group: the escalation level, the times of
 * recent counted failures, a block, the time until which the running penalty occupies the address, and
 * keyed hashes of recent failed attempts. Times are {@code System.nanoTime()}-style values, compared
 * only by difference. Not thread-safe: every call is made under the guard's lock.
 */
final class Penalty {
    /**
     * How many recent failed attempts are remembered to recognise a repeat. Dovecot keeps a CRC32 of the
     * last 10 (auth-penalty.c); we keep 64-bit keyed hashes, which a client cannot aim collisions at.
     */
    static final int REMEMBERED_ATTEMPTS = 8;

    /** The policy, in nanoseconds. Immutable. */
    record Rules(long firstDelay, long maxDelay, int failuresBeforeBlock, long window, long blockPeriod) {
        /** protocol.md §6 (Dovecot's anvil penalty): 2 s, doubling per level, capped at 15 s. */
        long delay(int level) {
            long d = firstDelay;
            for (int i = 1; i < level && d < maxDelay; i++) d *= 2;
            return Math.min(d, maxDelay);
        }
    }

    private final Rules rules;
    private final long[] failures; // ring of the times of counted failures; failures[next] is the oldest once full
    private int failureCount;
    private int next;
    private final long[] remembered = new long[REMEMBERED_ATTEMPTS];
    private int rememberedCount;
    private int rememberedNext;
    private int level;
    private long lastFailure;
    private long turnAt; // the address is occupied by a running penalty until then
    private boolean blocked;
    private long blockedUntil;

    Penalty(Rules rules, long now) {
        this.rules = rules;
        this.failures = new long[rules.failuresBeforeBlock()];
        this.lastFailure = now;
        this.turnAt = now;
    }

    /** Forgets what has aged out: the block after its period; level, failures and hashes after a quiet window. */
    void age(long now) {
        if (blocked && now - blockedUntil >= 0) blocked = false;
        if (now - lastFailure >= rules.window()) {
            level = 0;
            failureCount = 0;
            rememberedCount = 0;
        }
    }

    boolean blocked(long now) {
        return blocked && now - blockedUntil < 0;
    }

    /**
     * Reserves the next turn for an attempt and returns how long it must wait for it. Without a penalty
     * (level 0) an attempt only waits for a penalty still running. Otherwise each attempt occupies the
     * address for the delay its failure would earn, so parallel connections queue behind one another
     * instead of each trying a password per delay (closing the gap Dovecot documents for anvil).
     * A refused attempt waits through its own slot too, so that its reply comes as late as a failure's.
     */
    long reserve(long now, boolean refused) {
        long start = turnAt - now > 0 ? turnAt : now;
        long slot = level == 0 && !refused ? 0 : rules.delay(level + 1);
        turnAt = start + slot;
        return start - now + (refused ? slot : 0);
    }

    /**
     * Records a failure and returns the delay before its reply. A repeat of a remembered attempt (same user
     * and secret) neither escalates nor counts toward the block (Dovecot's rule: a client retrying a stale
     * password is not punished ever harder), but still waits at least the first delay.
     */
    long fail(long now, long fingerprint) {
        if (!isRemembered(fingerprint)) {
            remembered[rememberedNext] = fingerprint;
            rememberedNext = (rememberedNext + 1) % remembered.length;
            rememberedCount = Math.min(rememberedCount + 1, remembered.length);
            if (level < 64) level++;
            failures[next] = now;
            next = (next + 1) % failures.length;
            failureCount = Math.min(failureCount + 1, failures.length);
            // protocol.md §6: N failures within the window block the address for the block period.
            if (failureCount == failures.length && now - failures[next] < rules.window()) {
                blocked = true;
                blockedUntil = now + rules.blockPeriod();
            }
        }
        lastFailure = now;
        long delay = rules.delay(Math.max(level, 1));
        if (now + delay - turnAt > 0) turnAt = now + delay;
        return delay;
    }

    /** A login succeeded: the escalation starts over (as Dovecot resets its penalty); the failure count and block stay. */
    void succeed(long now) {
        level = 0;
        if (turnAt - now > 0) turnAt = now;
    }

    /** Whether nothing remains that could affect a later attempt, so the entry may be dropped. */
    boolean expired(long now) {
        return !blocked(now) && now - lastFailure >= rules.window() && turnAt - now <= 0;
    }

    int level() {
        return level;
    }

    private boolean isRemembered(long fingerprint) {
        for (int i = 0; i < rememberedCount; i++) if (remembered[i] == fingerprint) return true;
        return false;
    }
}
