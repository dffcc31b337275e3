// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.time.Instant;
import java.util.Objects;

/**
 * What a destination may know about a message besides its bytes. Immutable.
 *
 * @param uid the server's unique-id (UIDL), for log lines only
 * @param envelopeSender the envelope sender (e.g. from Return-Path), or empty when unknown: then mbox
 *     writes {@code MAILER-DAEMON} and LMTP sends the null reverse-path {@code <>}
 * @param received when the message was fetched, for the mbox {@code From } line
 */
public record MessageMeta(String uid, String envelopeSender, Instant received) {
    public MessageMeta {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(envelopeSender, "envelopeSender");
        Objects.requireNonNull(received, "received");
    }
}
