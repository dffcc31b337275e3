// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A manual nanosecond clock and a sleeper that records what it was asked and, if told to, moves the clock on. */
final class FakeTime implements LongSupplier, Sleeper {
    private final AtomicLong now = new AtomicLong(-1_000_000_000_000L); // nanoTime may be negative
    private final boolean sleepingAdvances;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    FakeTime(boolean sleepingAdvances) {
        this.sleepingAdvances = sleepingAdvances;
    }

    @Override
    public long getAsLong() {
        return now.get();
    }

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        if (sleepingAdvances) advance(d);
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
