// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

/**
 * How a command names a message: by its number in the session, or (seed extension UID-PARAM) by
 * {@code UID:<unique-id>}. Immutable.
 */
public sealed interface MessageRef {

    /** RFC 1939 §5: a message number, as parsed (1-10 digits; range checks are the session's). */
    record Number(long number) implements MessageRef {}

    /**
     * UID-PARAM: a unique-id exactly as the client wrote it after {@code UID:} (prefix case-insensitive,
     * id case-sensitive). It is client text: it is only ever compared with ids the store listed
     * (protocol.md §7), never sent back or used as a name.
     */
    record Uid(String uid) implements MessageRef {
        @Override
        public String toString() {
            return "UID:...";
        }
    }

    /** Parses a selector: digits are a number, {@code UID:} starts a unique-id; anything else is null. */
    static MessageRef parse(String s) {
        long n = CommandParser.number(s);
        if (n >= 0) return new Number(n);
        if (s.length() >= 4 && s.regionMatches(true, 0, "UID:", 0, 4)) return new Uid(s.substring(4));
        return null;
    }
}
