// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.time.Duration;
import java.util.Map;

/**
 * A measured stretch of time: wall clock, the load generator's own CPU (it must never be the
 * bottleneck, so it reports itself) and, with --server-pid, the server's.
 */
final class Window {
    private final ProcessStats server;
    private final long startWall = System.nanoTime();
    private final long startSelf = selfCpu();
    private final long startServer;
    private long wall = -1;
    private long self;
    private long serverCpu;

    Window(ProcessStats server) {
        this.server = server;
        this.startServer = server == null ? 0 : server.cpuNanos();
    }

    /** Ends the window (once); returns its length in nanoseconds. */
    long stop() {
        if (wall < 0) {
            wall = System.nanoTime() - startWall;
            self = selfCpu() - startSelf;
            serverCpu = server == null ? 0 : server.cpuNanos() - startServer;
        }
        return wall;
    }

    double seconds() {
        return stop() / 1e9;
    }

    /** {@code bench_cpu_pct} and {@code server_cpu_pct}: percent of one core over the window (200 = two cores busy). */
    void addTo(Map<String, Number> metrics) {
        stop();
        metrics.put("bench_cpu_pct", percent(self));
        if (server != null) metrics.put("server_cpu_pct", percent(serverCpu));
    }

    private double percent(long cpu) {
        return Math.round(1000.0 * cpu / Math.max(1, wall)) / 10.0;
    }

    private static long selfCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
