// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

/** How sessions of one account share its maildrop (protocol.md §8). */
public enum LockPolicy {
    /**
     * The default: several sessions may be open at once, each on its own snapshot; deleting what another
     * session already removed is a no-op, so no session fails or loses mail because of another.
     */
    SNAPSHOT,
    /**
     * RFC 1939 §8: one session at a time; a second gets {@code -ERR [IN-USE]} at login (or at WAKE). A
     * session that has sent nothing for {@link Pop3ServerBuilder#lockTakeover} gives the lock up to a new
     * login of the same account (its uncommitted deletions are dropped, as on any disconnect), so a
     * client whose connection died does not lock itself out for the whole inactivity timeout.
     */
    EXCLUSIVE
}
