// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the store's expensive steps (and the listing cache's shortcuts), so tests can prove a login
 * reads no message content, an unchanged index is not rewritten and an unchanged maildir is listed
 * without reading its directories. Thread-safe.
 *
 * @param contentReads  messages opened to compute a size
 * @param indexWrites   index files written
 * @param listingHits   listings answered from {@code poplar-listing} ({@link ListingCache})
 * @param listingWrites {@code poplar-listing} files written
 */
record StoreCounters(LongAdder contentReads, LongAdder indexWrites, LongAdder listingHits, LongAdder listingWrites) {
    StoreCounters() {
        this(new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder());
    }
}
