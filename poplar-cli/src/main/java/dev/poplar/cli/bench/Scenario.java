// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.util.Arrays;
import java.util.List;

/** Small things the scenarios share. */
final class Scenario {
    private Scenario() {}

    /**
     * The first {@code needed} of the data set's regular users (user0001...). Each client gets its own
     * user: a server may lock a maildrop per session (RFC 1939 §8), and a benchmark must not measure
     * refusals.
     */
    static List<String> regularUsers(Passwords passwords, int needed) {
        List<String> users = passwords.usersStartingWith("user");
        if (needed < 1) throw new IllegalArgumentException("--clients must be at least 1");
        if (users.size() < needed) {
            throw new IllegalArgumentException("the data set has " + users.size() + " users (user0001...), fewer than the "
                    + needed + " clients: generate it with --users " + needed + " or more");
        }
        return users;
    }

    static double round(double value) {
        return Math.round(value * 10.0) / 10.0;
    }

    static double round3(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double millisSince(long startNanos) {
        return round3((System.nanoTime() - startNanos) / 1e6);
    }
}
