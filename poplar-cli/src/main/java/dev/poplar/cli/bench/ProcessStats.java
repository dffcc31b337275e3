// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and memory of a server process and all its descendants (Dovecot is a master with a process
 * per login and per session; Poplar is one process), read from Linux's /proc. A process that ends
 * between listing and reading is skipped.
 */
final class ProcessStats {
    /** USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux architecture Java runs on. */
    private static final long CLOCK_TICKS = 100;

    private final long pid;

    private ProcessStats(long pid) {
        this.pid = pid;
    }

    /** Stats of {@code pid}, or null when it is null; an error if no such process runs. */
    static ProcessStats of(Long pid) {
        if (pid == null) return null;
        if (ProcessHandle.of(pid).isEmpty()) throw new IllegalArgumentException("no process " + pid + " (--server-pid)");
        return new ProcessStats(pid);
    }

    long pid() {
        return pid;
    }

    private List<ProcessHandle> tree() {
        List<ProcessHandle> all = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(p -> {
            all.add(p);
            p.descendants().forEach(all::add);
        });
        return all;
    }

    /**
     * CPU time (user + system) used so far by the tree: each live process's own time plus that of its
     * children that have ended and been reaped (fields 14-17 of /proc/PID/stat), so the work of
     * Dovecot's short-lived per-session processes is not lost when they exit.
     */
    long cpuNanos() {
        long ticks = 0;
        for (ProcessHandle p : tree()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // f[0] is field 3 (state), so fields 14..17 are f[11..14]
                for (int i = 11; i <= 14; i++) ticks += Long.parseLong(f[i]);
            } catch (IOException | RuntimeException gone) {
                // ended meanwhile: its time is now in its parent's reaped-children fields
            }
        }
        return ticks * (1_000_000_000L / CLOCK_TICKS);
    }

    /** Resident set size of the tree, in KiB (shared pages counted once per process). */
    long rssKiB() {
        return sum("status", "VmRSS:");
    }

    /** Proportional set size of the tree, in KiB: shared pages divided among their sharers, so it adds up. */
    long pssKiB() {
        return sum("smaps_rollup", "Pss:");
    }

    private long sum(String file, String field) {
        long total = 0;
        for (ProcessHandle p : tree()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), file))) {
                    if (line.startsWith(field)) {
                        total += Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                        break;
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // ended meanwhile, or not ours to read: it is not counted
            }
        }
        return total;
    }

    /** The program the server runs (for a Java server, its JDK has jstat). */
    String command() {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("");
    }
}
