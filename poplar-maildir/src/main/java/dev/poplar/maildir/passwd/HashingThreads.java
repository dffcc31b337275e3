// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Platform threads for slow password hashes. Sessions run on virtual threads, which share a carrier
 * thread per core: an Argon2id check of a few hundred milliseconds on a virtual thread holds its
 * carrier all that time, and with a check per core every other session (greetings, STAT, RETR) waits
 * behind them. Here the checks run on their own OS threads, which the kernel time-slices with the
 * carriers, while the session's virtual thread just waits. Idle threads end after 30 s.
 */
final class HashingThreads {
    private final ThreadPoolExecutor pool;

    HashingThreads(int threads) {
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("password-check-", 1).factory());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code work} on a hashing thread when called from a virtual thread, else in place. */
    <T> T run(Callable<T> work) throws InterruptedException {
        try {
            if (!Thread.currentThread().isVirtual()) return work.call();
            return pool.submit(work).get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
