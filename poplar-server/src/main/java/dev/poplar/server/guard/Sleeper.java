// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import java.time.Duration;

/**
 * Waits for a while; injected so that tests can record delays instead of sleeping. Implementations must
 * be thread-safe; the guard never calls one while holding a lock.
 */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling (virtual) thread for {@code duration}, which is positive. */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
