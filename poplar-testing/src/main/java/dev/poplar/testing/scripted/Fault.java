// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import java.util.Objects;

/**
 * One way a {@link ScriptedPop3Server} misbehaves, enabled per test with
 * {@link ScriptedPop3Server.Builder#fault(Fault...)}. Each variant reproduces a failure seen in real
 * servers (client-anchors.md section 2, "Cross-cutting server bugs", Appendix A; the STLS variants
 * follow reliability-security-anchors.md section 1.1). Immutable values; safe to share.
 *
 * <p>Verbs are matched without regard to case; message numbers are 1-based as on the wire.
 */
public sealed interface Fault {

    /** What the server does when a cut RETR reaches its byte count. */
    enum Cut {
        /** Close the connection (the client sees EOF inside the body). */
        CLOSE,
        /** Send nothing more and keep the connection open (the client must time out). */
        STALL
    }

    /**
     * RETR of {@code message} sends its {@code +OK} line, then only the first {@code afterBytes} octets
     * of the (stuffed) body, never the final dot; then closes or stalls. With {@code afterBytes} at
     * least the body length the whole body is sent and only the terminating line is missing.
     */
    record CutRetr(int message, long afterBytes, Cut cut) implements Fault {}

    /** On QUIT in the TRANSACTION state: close without a reply, after committing the deletes or not. */
    record DropOnQuit(boolean commitFirst) implements Fault {}

    /** QUIT in the TRANSACTION state is answered {@code -ERR [SYS/TEMP]} and nothing is committed. */
    record QuitRefused() implements Fault {}

    /** Body lines starting with "." are sent as they are (RFC 1939 section 3 violated). */
    record NoDotStuffing() implements Fault {}

    /** Every line the server sends ends with a bare LF instead of CRLF. */
    record BareLf() implements Fault {}

    /** A line of {@code length} octets ('x') is inserted as the first body line of {@code message}. */
    record LongBodyLine(int message, int length) implements Fault {}

    /** The {@code +OK} status line answering {@code verb} is padded to {@code length} octets. */
    record LongReply(String verb, int length) implements Fault {}

    /** LIST and UIDL put {@code spaces} spaces between the message number and the value. */
    record ListingSpaces(int spaces) implements Fault {}

    /** The multi-line LIST or UIDL listing ({@code verb}) gets {@code line} before its final dot. */
    record ExtraListingLine(String verb, String line) implements Fault {}

    /** UIDL is not in CAPA and is answered with {@code -ERR}. */
    record NoUidl() implements Fault {}

    /** TOP ignores its line count and sends the whole message (stalwart #3165). */
    record TopWholeMessage() implements Fault {}

    /** TOP sends at most {@code maxBytes} octets of whole lines, then a correct final dot. */
    record TopTruncated(int maxBytes) implements Fault {}

    /** STLS is in CAPA (when TLS is configured) but answered {@code -ERR} (EAST O_2). */
    record StlsRefused() implements Fault {}

    /** STLS is not in CAPA and is answered {@code -ERR} (EAST O_1). */
    record StlsNotAdvertised() implements Fault {}

    /**
     * The {@code +OK} to STLS is followed, in the same write, by {@code injected} (EAST B_1/B_2). The
     * handshake follows when TLS is configured; otherwise the session goes on in plaintext.
     */
    record StlsInjection(String injected) implements Fault {}

    /** The greeting is this line; a line starting with {@code -ERR} is followed by a close. */
    record Greeting(String line) implements Fault {}

    /**
     * On each connection, the first command with this verb gets no reply and nothing is sent afterwards; the server reads
     * and records whatever else arrives until the client closes. An empty verb stalls before the
     * greeting.
     */
    record StallOn(String verb) implements Fault {}

    /** STAT claims these numbers. */
    record StatClaims(long messages, long octets) implements Fault {}

    /** LIST (multi-line and {@code LIST n}) claims this size for {@code message}. */
    record ListSize(int message, long claimed) implements Fault {}

    /** A STLS reply followed by a fake {@code +OK} and a fake CAPA listing offering only PLAIN. */
    String FAKE_CAPA_AFTER_STLS = "+OK\r\nCAPA\r\nSASL PLAIN\r\nUSER\r\n.\r\n";

    static Fault cutRetr(int message, long afterBytes) {
        return new CutRetr(message, afterBytes, Cut.CLOSE);
    }

    static Fault stallRetr(int message, long afterBytes) {
        return new CutRetr(message, afterBytes, Cut.STALL);
    }

    /** The whole body of {@code message}, then a close instead of the final dot. */
    static Fault noFinalDot(int message) {
        return new CutRetr(message, Long.MAX_VALUE, Cut.CLOSE);
    }

    /** Closes on QUIT before committing: the deletes are lost, the client cannot know. */
    static Fault dropOnQuit() {
        return new DropOnQuit(false);
    }

    /** Commits on QUIT, then closes before the {@code +OK}: done, but the client cannot know. */
    static Fault commitThenDropOnQuit() {
        return new DropOnQuit(true);
    }

    static Fault quitRefused() {
        return new QuitRefused();
    }

    static Fault noDotStuffing() {
        return new NoDotStuffing();
    }

    static Fault bareLf() {
        return new BareLf();
    }

    static Fault longBodyLine(int message, int length) {
        return new LongBodyLine(message, length);
    }

    static Fault longReply(String verb, int length) {
        return new LongReply(Objects.requireNonNull(verb), length);
    }

    static Fault listingSpaces(int spaces) {
        return new ListingSpaces(spaces);
    }

    static Fault extraListingLine(String verb, String line) {
        return new ExtraListingLine(Objects.requireNonNull(verb), Objects.requireNonNull(line));
    }

    static Fault noUidl() {
        return new NoUidl();
    }

    static Fault topWholeMessage() {
        return new TopWholeMessage();
    }

    static Fault topTruncated(int maxBytes) {
        return new TopTruncated(maxBytes);
    }

    static Fault stlsRefused() {
        return new StlsRefused();
    }

    static Fault stlsNotAdvertised() {
        return new StlsNotAdvertised();
    }

    static Fault stlsInjection(String injected) {
        return new StlsInjection(Objects.requireNonNull(injected));
    }

    static Fault greeting(String line) {
        return new Greeting(Objects.requireNonNull(line));
    }

    /** A {@code +OK} greeting carrying an APOP timestamp such as {@code <1896.697170952@dbc.mit.edu>}. */
    static Fault apopGreeting(String timestamp) {
        return new Greeting("+OK POP3 server ready " + timestamp);
    }

    /** {@code -ERR [SYS/TEMP]} greeting (RFC 3206), then a close. */
    static Fault tempFailGreeting() {
        return new Greeting("-ERR [SYS/TEMP] server busy, try later");
    }

    static Fault stallOn(String verb) {
        return new StallOn(Objects.requireNonNull(verb));
    }

    static Fault stallBeforeGreeting() {
        return new StallOn("");
    }

    static Fault statClaims(long messages, long octets) {
        return new StatClaims(messages, octets);
    }

    static Fault listSize(int message, long claimed) {
        return new ListSize(message, claimed);
    }
}
