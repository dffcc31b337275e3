// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Failed sessions of a run: how many, and the first one's message to show (not one line per failure). */
final class Failures {
    private final LongAdder count = new LongAdder();
    private final AtomicReference<String> first = new AtomicReference<>();

    void add(Exception e) {
        count.increment();
        first.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    long count() {
        return count.sum();
    }

    void print(PrintWriter err) {
        if (count() == 0) return;
        err.println("poplar bench: " + count() + " failed session(s); the first: " + first.get());
        err.flush();
    }
}
