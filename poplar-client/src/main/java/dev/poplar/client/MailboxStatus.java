// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

/**
 * The STAT reply (RFC 1939 §5). Immutable.
 *
 * @param count  messages not marked for deletion
 * @param octets their total size in octets
 */
public record MailboxStatus(int count, long octets) {}
