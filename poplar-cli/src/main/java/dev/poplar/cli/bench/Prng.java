// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * SplitMix64 (Steele, Lea, Flood 2014), a small and fast pseudo-random generator for bench data. Not
 * thread-safe: each message gets its own, from {@link #of}. Not for anything secret.
 *
 * <p>Written out here rather than taken from {@code java.util.random} because a seed must name one data
 * set forever: the bytes of this algorithm are fixed by the code below, on every JDK, and a generator
 * per message (seeded from the data set's seed, the mailbox and the message number) lets mailboxes be
 * written in parallel and still come out byte-identical.
 */
final class Prng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    Prng(long seed) {
        this.state = seed;
    }

    /** The generator of one stream of a data set: e.g. ({@code seed}, "user0001", 7) for a message. */
    static Prng of(long seed, String stream, long index) {
        long h = 0xCBF29CE484222325L; // FNV-1a 64 of the stream name: stable, unlike a JDK hash could be
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return new Prng(mix(mix(seed ^ h) + index * GOLDEN_GAMMA));
    }

    long nextLong() {
        return mix(state += GOLDEN_GAMMA);
    }

    /** Uniform in {@code [0, bound)}, bound positive (Lemire's multiply-shift; the bias is far below 2^-32). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in {@code [low, high]}. */
    int between(int low, int high) {
        return low + nextInt(high - low + 1);
    }

    /** True with probability {@code percent}/100. */
    boolean percent(double percent) {
        return (nextLong() >>> 11) * 0x1.0p-53 * 100 < percent;
    }

    /** Fills {@code bytes[from, to)}, eight bytes per step. */
    void nextBytes(byte[] bytes, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long r = nextLong();
            for (int k = 0; k < 8; k++) bytes[i++] = (byte) (r >>> (k * 8));
        }
        if (i < to) {
            long r = nextLong();
            for (int k = 0; i < to; k++) bytes[i++] = (byte) (r >>> (k * 8));
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
