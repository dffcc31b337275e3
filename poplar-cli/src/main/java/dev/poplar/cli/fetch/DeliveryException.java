// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.util.Objects;

/**
 * A message was not delivered. The {@link Kind} tells the fetch loop what to do: on either kind the
 * message stays on the server and is not recorded as delivered; a temporary failure (disk full, MDA
 * exit 75, LMTP 4xx, a network error) is retried on the next run, a permanent one (MDA exit other than
 * 0 and 75, LMTP 5xx) needs a person. Immutable.
 */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether trying again later may succeed. */
    public enum Kind { TEMPORARY, PERMANENT }

    private final Kind kind;

    /**
     * @param kind temporary or permanent
     * @param message a text for the operator, free of secrets and of message content
     * @param cause the underlying error, or null
     */
    public DeliveryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    static DeliveryException temporary(String message, Throwable cause) {
        return new DeliveryException(Kind.TEMPORARY, message, cause);
    }

    static DeliveryException permanent(String message, Throwable cause) {
        return new DeliveryException(Kind.PERMANENT, message, cause);
    }

    /** @return temporary or permanent */
    public Kind kind() {
        return kind;
    }

    /** @return true when a later run may succeed */
    public boolean isTemporary() {
        return kind == Kind.TEMPORARY;
    }
}
