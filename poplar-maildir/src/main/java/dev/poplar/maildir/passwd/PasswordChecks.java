// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import dev.poplar.server.spi.StoreException;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow part of a login: checking a password against its stored hash, at most N at once (each
 * Argon2id check allocates its memory cost, 64 MiB by default: without a bound a burst of logins could
 * exhaust the heap), padded so that the answer's timing does not tell whether the name exists (RFC 1939
 * §13). Key-stretched work runs on {@link HashingThreads}, off the sessions' carrier threads.
 * Thread-safe.
 */
final class PasswordChecks {
    private final Semaphore permits;
    private final HashingThreads hashing;
    private final StoredPassword dummy;
    private final AtomicLong dummyChecks = new AtomicLong();
    private final AtomicLong passwordChecks = new AtomicLong();

    /**
     * @param maxConcurrent most checks at once
     * @param dummyCost     the costs of the padding used when a file has no entry to pad with
     */
    PasswordChecks(int maxConcurrent, PasswordHasher.Argon2id dummyCost) {
        if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrentChecks must be at least 1");
        this.permits = new Semaphore(maxConcurrent, true);
        this.hashing = new HashingThreads(maxConcurrent);
        // RFC 1939 §13: an unknown name is checked against this when the file has no entry to pad with
        // (PaddingReference), at the cost of a real default hash. A random salt and tag cost exactly
        // what a real hash does, and no password can match them.
        this.dummy = new Argon2Hash(Scheme.ARGON2ID, dummyCost.memoryKib(), dummyCost.iterations(),
                dummyCost.lanes(), Argon2Hash.encode(Salts.bytes(PasswordHasher.Argon2id.SALT_BYTES)),
                Argon2Hash.encode(Salts.bytes(PasswordHasher.Argon2id.HASH_BYTES)));
    }

    /**
     * Whether {@code secret} is the password of {@code entry} (null: an unknown name), under a permit.
     * Where the entry alone would answer fast (unknown, too long, not key-stretched) the check is padded
     * with {@code padding}, the file's most common kind of entry ({@link PaddingReference}), or with the
     * default-cost dummy when that is null; the padding's own result is ignored.
     *
     * @throws StoreException when interrupted while waiting for a permit
     */
    boolean check(UserEntry entry, byte[] secret, boolean tooLong, StoredPassword padding) throws StoreException {
        StoredPassword pad = padding(padding);
        boolean padded = entry == null || tooLong || !entry.password().isKeyStretched();
        boolean slow = !padded || pad.isKeyStretched();
        Callable<Boolean> work = () -> {
            passwordChecks.incrementAndGet();
            boolean ok = entry != null && !tooLong && entry.password().matches(secret);
            if (padded) {
                // RFC 1939 §13: no fast answer that would tell a name exists; the result is ignored.
                dummyChecks.incrementAndGet();
                pad.matches(tooLong ? new byte[0] : secret);
            }
            return ok;
        };
        try {
            permits.acquire();
            try {
                return slow ? hashing.run(work) : work.call();
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StoreException.temporary("interrupted while waiting to check a password", e);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** What a check pads with: the file's reference entry, or the default-cost dummy when it has none. */
    StoredPassword padding(StoredPassword reference) {
        return reference != null ? reference : dummy;
    }

    /** The default-cost dummy. */
    StoredPassword dummy() {
        return dummy;
    }

    /** How many checks were padded; lets tests see the equalising path taken. */
    long dummyChecks() {
        return dummyChecks.get();
    }

    /** How many full checks ran (under a permit). */
    long passwordChecks() {
        return passwordChecks.get();
    }
}
