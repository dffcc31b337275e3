// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A secondary JMH result: megabytes (10^6 octets) of stored message processed. JMH divides it by the
 * iteration's time, so the {@code :mb} row of a result is MB/s next to the primary ops/s row. A counter
 * rather than {@code @OperationsPerInvocation} because the size differs per {@code @Param}, and that
 * annotation takes a constant. Not thread-safe: one per benchmark thread (JMH requires that).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Megabytes {
    /** Public because JMH reads it; never set from outside the benchmarks. */
    public double mb;

    /** JMH does not reset counters by itself. */
    @Setup(Level.Iteration)
    public void reset() {
        mb = 0;
    }

    void add(long octets) {
        mb += octets / 1e6;
    }
}
