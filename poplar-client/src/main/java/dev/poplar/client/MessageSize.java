// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

/**
 * One LIST entry (RFC 1939 §5). The size is a hint, never a framing length. Immutable.
 *
 * @param number the message number in this session
 * @param octets the size the server reported
 */
public record MessageSize(int number, long octets) {}
