// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.popstate;

import java.util.Objects;

/**
 * One message line of a Thunderbird {@code popstate.dat}: {@code <flag> <uid> [<time>]}. Immutable.
 *
 * @param flag {@link #KEEP}, {@link #DELETE}, {@link #FETCH_BODY} or {@link #TOO_BIG}
 * @param uid  the unique-id as Thunderbird knows it: one word, no space, tab, CR or LF
 * @param time when Thunderbird first saw the message, seconds since the epoch; {@code null} when the
 *             line has no time (Thunderbird then takes "now" when it reads the file)
 */
public record PopstateEntry(char flag, String uid, Long time) {
    /** {@code k}: downloaded and left on the server. */
    public static final char KEEP = 'k';
    /** {@code d}: to be deleted on the server at the next connection. */
    public static final char DELETE = 'd';
    /** {@code f}: only the headers were fetched; fetch the whole message next time. */
    public static final char FETCH_BODY = 'f';
    /** {@code b}: too big, only the headers were fetched; left on the server. */
    public static final char TOO_BIG = 'b';

    public PopstateEntry {
        if (!isFlag(flag)) throw new IllegalArgumentException("not a popstate flag: " + flag);
        Objects.requireNonNull(uid, "uid");
        if (uid.isEmpty() || uid.chars().anyMatch(PopstateEntry::isSeparator)) {
            throw new IllegalArgumentException("a popstate uid is one non-empty word: [" + uid + "]");
        }
    }

    static boolean isFlag(char c) {
        return c == KEEP || c == DELETE || c == FETCH_BODY || c == TOO_BIG;
    }

    static boolean isSeparator(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** A word for the flag, for people. */
    public String flagName() {
        return switch (flag) {
            case KEEP -> "keep";
            case DELETE -> "delete";
            case FETCH_BODY -> "fetch";
            default -> "too-big";
        };
    }
}
