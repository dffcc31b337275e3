// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Pop3Client#retrieveAll}. Immutable.
 *
 * @param retrieved message numbers handed to the handler, in order
 * @param deleted   message numbers whose DELE the server accepted
 * @param failures  message numbers whose RETR or DELE the server refused, with its reply
 */
public record BatchResult(List<Integer> retrieved, List<Integer> deleted, Map<Integer, Pop3Exception> failures) {
    public BatchResult {
        retrieved = List.copyOf(retrieved);
        deleted = List.copyOf(deleted);
        failures = Map.copyOf(failures);
    }
}
