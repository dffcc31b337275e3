// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

/**
 * One UIDL entry (RFC 1939 §7). The unique-id is everything after the separating space(s), kept whole
 * even when a broken server puts spaces in it (client-anchors §0.6); its octets are decoded as
 * ISO-8859-1, so sending it back (UID: parameters) reproduces them exactly. Immutable.
 *
 * @param number the message number in this session
 * @param uid    the unique-id
 */
public record UidEntry(int number, String uid) {}
