// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import java.util.List;
import java.util.Locale;

/**
 * The CAPA listing (RFC 2449 §5) as it applied when it was read. Immutable.
 *
 * @param lines each capability line as sent (tag and parameters); empty if CAPA failed
 */
public record Capabilities(List<String> lines) {
    public Capabilities {
        lines = List.copyOf(lines);
    }

    /** Whether a capability with this tag (case-insensitive, RFC 2449 §5) is listed. */
    public boolean has(String tag) {
        return parameters(tag) != null;
    }

    /** The parameters of a capability, or {@code null} if it is not listed. */
    public List<String> parameters(String tag) {
        for (String line : lines) {
            String[] parts = line.trim().split(" +");
            if (parts.length > 0 && parts[0].equalsIgnoreCase(tag)) return List.of(parts).subList(1, parts.length);
        }
        return null;
    }

    /** The SASL mechanisms offered, upper case; empty if none. */
    public List<String> saslMechanisms() {
        List<String> p = parameters("SASL");
        return p == null ? List.of() : p.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }

    /** SLEE/WAKE is offered under either of its names (protocol.md §4). */
    public boolean hasSleepWake() {
        return has("SLEE-WAKE") || has("SLEEPING");
    }
}
