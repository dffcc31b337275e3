// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import java.io.OutputStream;

/**
 * Stands in for the socket: drops what it is given and only counts it, so a benchmark measures the loop
 * that writes, not a network. The count is returned by the benchmarks so the JIT cannot drop the work.
 * Not thread-safe: one per benchmark thread.
 */
final class DiscardingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }
}
