// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import dev.poplar.server.NetworkSet;
import dev.poplar.server.guard.LoginGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock and a sleeper for {@link LoginGuard}: every wait the guard asks for is recorded instead of
 * slept. With {@code advancing}, a wait moves the clock forward by its length, as if the caller had
 * really slept (a client that waits for each reply); without it the clock stands still (attempts that
 * all arrive at the same instant). Thread-safe.
 */
final class FakeTime {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final List<Duration> waits = new ArrayList<>();
    private final boolean advancing;

    FakeTime(boolean advancing) {
        this.advancing = advancing;
    }

    /**
     * A guard on this clock that exempts no network. (A guard built without {@code exempt(...)} keeps
     * its own default, loopback, whatever {@code trustedNetworks} the server builder is given.)
     */
    LoginGuard guard() {
        return guard(NetworkSet.NONE);
    }

    /** A guard on this clock that exempts {@code exempt}. */
    LoginGuard guard(NetworkSet exempt) {
        return LoginGuard.builder().exempt(exempt).nanoTime(nanos::get).sleeper(d -> {
            synchronized (waits) {
                waits.add(d);
            }
            if (advancing) nanos.addAndGet(d.toNanos());
        }).build();
    }

    /** The recorded waits in whole seconds, in the order they were asked for. */
    List<Long> seconds() {
        synchronized (waits) {
            return waits.stream().map(Duration::toSeconds).toList();
        }
    }

    /** The recorded waits, in seconds, from index {@code from} on, sorted. */
    List<Long> sortedSince(int from) {
        List<Long> all = seconds();
        return all.subList(Math.min(from, all.size()), all.size()).stream().sorted().toList();
    }

    void clear() {
        synchronized (waits) {
            waits.clear();
        }
    }

    static List<Long> seconds(long... values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) out.add(v);
        return out;
    }
}
