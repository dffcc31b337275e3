// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives each message of a batch retrieval, in order. Called on the thread that called
 * {@link Pop3Client#retrieveAll}.
 */
@FunctionalInterface
public interface BodyHandler {
    /**
     * @param number the message number
     * @param body   the un-stuffed message; it throws {@link IncompleteMessageException} if the
     *               connection ends early. Whatever is left unread is skipped after the call.
     * @return {@code true} to mark the message for deletion (DELE) once this call has returned, for
     *         example after the message is durably stored
     */
    boolean accept(int number, InputStream body) throws IOException;
}
