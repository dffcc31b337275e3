// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

/**
 * Extended response codes (RFC 2449 §8, RFC 3206, RFC 6856 and the seed extensions), sent in brackets
 * right after {@code +OK} or {@code -ERR}. Immutable.
 */
public enum ResponseCode {
    /** RFC 2449 §8.1.1: the maildrop is locked by another session. */
    IN_USE("IN-USE"),
    /** RFC 2449 §8.1.2: logged in too soon after the last login. */
    LOGIN_DELAY("LOGIN-DELAY"),
    /** RFC 3206 §4: a temporary failure; trying again later may work. */
    SYS_TEMP("SYS/TEMP"),
    /** RFC 3206 §4: a permanent failure; trying again will not help. */
    SYS_PERM("SYS/PERM"),
    /** RFC 3206 §5: the credentials were wrong (as opposed to a system problem). */
    AUTH("AUTH"),
    /** RFC 6856 §2: the command needs UTF8 mode. */
    UTF8("UTF8"),
    /** Seed extension UID-PARAM: no message has that unique-id. */
    UID_NOT_FOUND("UID/NOT-FOUND"),
    /** Seed extension: the maildrop is read-only. */
    READ_ONLY("READ-ONLY"),
    /** Seed extension SLEE/WAKE: new messages since the previous snapshot. */
    ACTIVITY_NEW("ACTIVITY/NEW"),
    /** Seed extension SLEE/WAKE: nothing new since the previous snapshot. */
    ACTIVITY_NONE("ACTIVITY/NONE");

    private final String wire;

    ResponseCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears between the brackets. */
    public String wire() {
        return wire;
    }

    /** The code for a bracketed wire text, or {@code null} if it is not one we know. */
    public static ResponseCode fromWire(String text) {
        for (ResponseCode c : values()) {
            if (c.wire.equalsIgnoreCase(text)) return c;
        }
        return null;
    }
}
