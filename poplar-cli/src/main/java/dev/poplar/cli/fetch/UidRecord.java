// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.time.Instant;
import java.util.Objects;

/**
 * What the state knows of one delivered unique-id. Immutable.
 *
 * @param firstSeen when it was first delivered (seconds precision), for delete-after-N-days
 * @param deletePending delivered and DELE sent, but no QUIT has been seen to commit it
 */
record UidRecord(Instant firstSeen, boolean deletePending) {
    UidRecord {
        Objects.requireNonNull(firstSeen, "firstSeen");
    }

    UidRecord withDeletePending(boolean pending) {
        return new UidRecord(firstSeen, pending);
    }
}
