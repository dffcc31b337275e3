// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.util.Map;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies of one kind of step, recorded by many threads at once (HdrHistogram: exact to 3 digits, fixed memory). */
final class Latency {
    private final String name;
    private final Histogram histogram = new ConcurrentHistogram(3);

    Latency(String name) {
        this.name = name;
    }

    /** Records the time since {@code startNanos} and returns now, so steps chain: {@code t = lat.since(t)}. */
    long since(long startNanos) {
        long now = System.nanoTime();
        histogram.recordValue(Math.max(0, now - startNanos));
        return now;
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** Adds {@code NAME_p50_ms}, {@code NAME_p99_ms} and {@code NAME_max_ms} (nothing if nothing was recorded). */
    void addTo(Map<String, Number> metrics) {
        if (histogram.getTotalCount() == 0) return;
        metrics.put(name + "_p50_ms", millis(histogram.getValueAtPercentile(50)));
        metrics.put(name + "_p99_ms", millis(histogram.getValueAtPercentile(99)));
        metrics.put(name + "_max_ms", millis(histogram.getMaxValue()));
    }

    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
