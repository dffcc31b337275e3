// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

/**
 * What a QUIT (or QAUT) did to the messages marked for deletion (RFC 1939 §6). Immutable.
 */
public enum QuitOutcome {
    /** {@code +OK}: the server committed the deletions. */
    COMMITTED,
    /** {@code -ERR}: the server did not remove the marked messages (protocol.md §2). */
    REFUSED,
    /** The connection was lost before the reply: the deletions may or may not have happened. */
    UNKNOWN
}
