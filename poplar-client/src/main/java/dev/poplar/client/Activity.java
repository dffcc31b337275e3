// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

/** What WAKE reported (seed extension SLEE/WAKE, protocol.md §7). Immutable. */
public enum Activity {
    /** {@code [ACTIVITY/NEW]}: a unique-id is new since the previous snapshot. */
    NEW,
    /** {@code [ACTIVITY/NONE]}: nothing new. */
    NONE,
    /** The server gave no activity code. */
    UNKNOWN
}
