// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code poplar fetch} delivers a message. A destination only ever sees a complete message: the
 * fetch loop spools it first ({@link Spool}) and hands over the spool file after the POP3 end marker
 * (research notes §5 "Copy" 13), so a dropped connection can never deliver half a message.
 *
 * <p>{@link #deliver} returns only when the message is delivered (durable, where the destination can
 * tell); then the caller records the unique-id ({@link FetchState#recordDelivered}) and only then may
 * send DELE. Implementations are thread-safe to call from several threads, but the fetch loop delivers
 * one message at a time.
 */
public sealed interface Destination
        permits MaildirDestination, MboxDestination, MdaDestination, LmtpDestination {

    /** Default timeout of a delivery command and of each LMTP reply. */
    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Delivers one spooled message.
     *
     * @param spooled a complete message as received (after dot-unstuffing), normally with CRLF line ends;
     *     read, never moved or deleted (the spool owns it)
     * @param meta the envelope sender and fetch time
     * @throws DeliveryException when the message is not delivered; then nothing of it stays behind
     *     (except where a delivery command or LMTP server did so on its own)
     */
    void deliver(Path spooled, MessageMeta meta) throws DeliveryException;

    /** Whether a message already reached the destination, as far as it can tell. */
    enum Presence { DELIVERED, ABSENT, UNKNOWN }

    /**
     * Looks for a message an interrupted run may have delivered (its intent is open in the state).
     * Only a destination that stores {@link MessageMeta#deliveryTag()} can answer; the others say
     * {@link Presence#UNKNOWN} and the message is fetched again (possibly a duplicate).
     */
    default Presence find(MessageMeta meta) throws java.io.IOException {
        return Presence.UNKNOWN;
    }

    /**
     * The directory to spool into when the destination prefers one (a Maildir's {@code tmp/}, same file
     * system); otherwise the caller spools next to the state file.
     *
     * @return the preferred spool directory, if any
     */
    default Optional<Path> spoolDirectory() {
        return Optional.empty();
    }

    /**
     * Parses the command-line contract syntax {@code maildir:DIR}, {@code mbox:FILE}, {@code mda:COMMAND}
     * or {@code lmtp:HOST:PORT} (IPv6 as {@code lmtp:[::1]:24}).
     *
     * @param spec the {@code --to} value
     * @param lmtpRecipient the RCPT TO address for LMTP, or null when not configured
     * @return the destination
     * @throws IllegalArgumentException when the text is not one of the forms, with a message for the user
     */
    static Destination parse(String spec, String lmtpRecipient) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        String scheme = colon < 0 ? "" : spec.substring(0, colon);
        String rest = colon < 0 ? "" : spec.substring(colon + 1);
        if (rest.isEmpty()) throw new IllegalArgumentException("expected maildir:DIR, mbox:FILE, mda:COMMAND or lmtp:HOST:PORT, got: " + spec);
        return switch (scheme) {
            case "maildir" -> new MaildirDestination(Path.of(rest));
            case "mbox" -> new MboxDestination(Path.of(rest));
            case "mda" -> new MdaDestination(rest, DEFAULT_TIMEOUT);
            case "lmtp" -> LmtpDestination.parse(rest, lmtpRecipient);
            default -> throw new IllegalArgumentException("unknown destination type '" + scheme
                    + "': expected maildir:DIR, mbox:FILE, mda:COMMAND or lmtp:HOST:PORT");
        };
    }
}
