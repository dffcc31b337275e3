// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.popstate;

import java.util.List;
import java.util.Objects;

/**
 * One {@code *<host> <user>} section of a {@code popstate.dat} and its message lines. Immutable.
 *
 * @param host    the server name as Thunderbird has it configured (one word)
 * @param user    the account name (may contain spaces, never a tab: Thunderbird bug 225332)
 * @param entries the message lines, in file order, one per unique-id
 */
public record PopstateAccount(String host, String user, List<PopstateEntry> entries) {
    public PopstateAccount {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        if (host.isEmpty() || host.chars().anyMatch(PopstateEntry::isSeparator)) {
            throw new IllegalArgumentException("a popstate host is one non-empty word: [" + host + "]");
        }
        if (user.isEmpty() || user.chars().anyMatch(c -> c == '\t' || c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("a popstate user is non-empty, without tab, CR or LF: [" + user + "]");
        }
        entries = List.copyOf(entries);
    }

    /** Whether this section belongs to {@code host} and {@code user} (exact, as Thunderbird compares). */
    public boolean is(String host, String user) {
        return this.host.equals(host) && this.user.equals(user);
    }
}
