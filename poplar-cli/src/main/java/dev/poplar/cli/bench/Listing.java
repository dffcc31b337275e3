// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.util.Arrays;

/**
 * The sizes of a LIST reply (RFC 1939 §5: "msg octets" per line), indexed by message number. A line
 * that does not parse is an error: the benchmark would otherwise compare against nonsense.
 */
final class Listing implements BenchConnection.LineSink {
    private long[] sizes = new long[64];
    private int count;

    @Override
    public void line(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        long number = 0;
        while (i < end && bytes[i] >= '0' && bytes[i] <= '9') number = number * 10 + (bytes[i++] - '0');
        if (i == offset || i >= end || bytes[i] != ' ') throw new IllegalStateException("a LIST line is not 'number size'");
        i++;
        int digits = i;
        long size = 0;
        while (i < end && bytes[i] >= '0' && bytes[i] <= '9') size = size * 10 + (bytes[i++] - '0');
        if (i == digits) throw new IllegalStateException("a LIST line is not 'number size'");
        if (number != count + 1) throw new IllegalStateException("LIST numbers are not 1, 2, 3...");
        if (count == sizes.length) sizes = Arrays.copyOf(sizes, count * 2);
        sizes[count++] = size;
    }

    int count() {
        return count;
    }

    /** Size of message {@code n} (1-based). */
    long size(int n) {
        return sizes[n - 1];
    }
}
