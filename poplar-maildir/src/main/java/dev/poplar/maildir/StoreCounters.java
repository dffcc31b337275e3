// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the store's expensive steps, so tests can prove a login reads no message content and an
 * unchanged index is not rewritten. Thread-safe.
 *
 * @param contentReads messages opened to compute a size
 * @param indexWrites  index files written
 */
record StoreCounters(LongAdder contentReads, LongAdder indexWrites) {
    StoreCounters() {
        this(new LongAdder(), new LongAdder());
    }
}
