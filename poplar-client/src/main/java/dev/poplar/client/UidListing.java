// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import java.util.List;
import java.util.Set;

/**
 * A whole UIDL listing. Duplicate unique-ids break RFC 1939 §7 but exist in the wild; they are kept
 * in {@link #entries()} and named in {@link #duplicates()}, never merged silently, so the caller can
 * choose a policy (client-anchors §5.8). Immutable.
 *
 * @param entries    every entry, in the order the server sent them
 * @param duplicates the unique-ids that appear more than once (empty for a correct server)
 */
public record UidListing(List<UidEntry> entries, Set<String> duplicates) {
    public UidListing {
        entries = List.copyOf(entries);
        duplicates = Set.copyOf(duplicates);
    }
}
