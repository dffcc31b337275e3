// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import dev.poplar.protocol.ResponseCode;
import java.io.IOException;

/**
 * The server answered {@code -ERR}. The connection is still usable unless the server closed it.
 * Immutable; safe to pass between threads.
 */
public final class Pop3Exception extends IOException {
    private final transient ResponseCode code;
    private final String serverText;

    /**
     * @param code       the RFC 2449 §8 response code, or {@code null} if none or unknown
     * @param serverText the server's text, as sent (never contains CR or LF)
     */
    public Pop3Exception(ResponseCode code, String serverText) {
        super("-ERR" + (code == null ? "" : " [" + code.wire() + "]") + (serverText.isEmpty() ? "" : " " + serverText));
        this.code = code;
        this.serverText = serverText;
    }

    /** The response code, or {@code null}. */
    public ResponseCode code() {
        return code;
    }

    /** The server's text after the status and the code. */
    public String serverText() {
        return serverText;
    }
}
