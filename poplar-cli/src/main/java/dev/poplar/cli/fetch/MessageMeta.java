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
 * @param account who the message was fetched for ({@code user@host}), or empty; with {@code uid} it
 *     names the message stably across runs ({@link #deliveryTag()})
 */
public record MessageMeta(String uid, String envelopeSender, Instant received, String account) {
    public MessageMeta {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(envelopeSender, "envelopeSender");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(account, "account");
    }

    public MessageMeta(String uid, String envelopeSender, Instant received) {
        this(uid, envelopeSender, received, "");
    }

    /**
     * A short stable tag for this account's unique-id: 16 hex digits of SHA-256 over
     * {@code account NUL uid}. The same message fetched again gets the same tag, so a destination that
     * stores it (a Maildir file name) can tell after a crash whether the message already arrived.
     */
    public String deliveryTag() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((account + "\0" + uid).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
