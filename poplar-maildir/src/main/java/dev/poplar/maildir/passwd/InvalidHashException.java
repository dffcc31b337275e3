// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

/**
 * A users-file password field cannot be used. The message is a fixed description of what is wrong
 * ("argon2 memory cost out of range"); it never contains the field itself, so it is safe to log.
 * Immutable.
 */
public final class InvalidHashException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason fixed wording, never a piece of the password field */
    public InvalidHashException(String reason) {
        super(reason);
    }

    /** Stack traces are never needed: the reason says everything, and parsing is on the reload path. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
