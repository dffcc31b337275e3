// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

import dev.poplar.protocol.ResponseCode;

/**
 * A store could not do what was asked. Carries what the client may be told: a response code and a
 * fixed, safe text. The message and cause are for the log only and never reach the wire
 * (design.md, principle 5).
 */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ResponseCode code;
    private final String safeText;

    /**
     * @param code     the response code for the client, or {@code null}
     * @param safeText text for the client: fixed wording, no client bytes, no exception text
     * @param detail   what happened, for the log
     * @param cause    the underlying error, for the log; may be {@code null}
     */
    public StoreException(ResponseCode code, String safeText, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.safeText = safeText;
    }

    /** A temporary failure ({@code [SYS/TEMP]}), the usual case for I/O errors. */
    public static StoreException temporary(String detail, Throwable cause) {
        return new StoreException(ResponseCode.SYS_TEMP, "Temporary failure, please try again later.", detail, cause);
    }

    /** The message was removed by someone else since it was listed. */
    public static StoreException gone(String detail) {
        return new StoreException(null, "That message was removed by another session.", detail, null);
    }

    public ResponseCode code() {
        return code;
    }

    public String safeText() {
        return safeText;
    }
}
