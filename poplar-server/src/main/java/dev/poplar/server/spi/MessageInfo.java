// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

import dev.poplar.protocol.Limits;

/**
 * A message as listed by a {@link Maildrop}. Immutable.
 *
 * @param uid  the unique-id (RFC 1939 §7): 1-70 octets in 0x21-0x7E, never {@code _}, stable for the
 *             life of the message and never reused for another (protocol.md §3)
 * @param size the exact size in octets of the message in CRLF form before dot-stuffing (RFC 1939 §5);
 *             see {@link dev.poplar.protocol.MessageEncoder#wireSize}
 * @param received when the message was delivered, or {@code null} if the store does not know; used by
 *             the EXPIRE policy (RFC 2449 §6.7), which never removes a message of unknown age
 */
public record MessageInfo(String uid, long size, java.time.Instant received) {
    public MessageInfo {
        if (size < 0) throw new IllegalArgumentException("size");
    }

    /** A message whose delivery time the store does not know. */
    public MessageInfo(String uid, long size) {
        this(uid, size, null);
    }

    /** Whether the unique-id may be sent to a client; the server refuses to send one that is not. */
    public boolean hasValidUid() {
        return uid != null && Limits.isValidUniqueId(uid);
    }
}
