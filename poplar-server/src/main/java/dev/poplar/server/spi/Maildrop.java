// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

import java.io.InputStream;
import java.util.Collection;
import java.util.List;

/**
 * One session's view of an account's messages. Used by a single session thread at a time; other
 * sessions and other programs (an MTA delivering, an IMAP server renaming files) may change the
 * underlying messages concurrently, and the implementation must cope with that.
 *
 * <p>The server only ever passes back {@link MessageInfo} values that {@link #list()} returned on this
 * maildrop: a client-supplied string never reaches the store as an identifier (protocol.md §7).
 */
public interface Maildrop extends AutoCloseable {

    /**
     * Lists the messages present now, oldest first. The server calls it at login to take the
     * session's snapshot (protocol.md §2). It must not read every message: sizes and unique-ids come
     * from an index or from names.
     */
    List<MessageInfo> list() throws StoreException;

    /**
     * Opens a listed message's content as stored: CRLF or bare-LF line ends, any bytes. The server
     * normalises line ends and dot-stuffs on the way out.
     *
     * @throws StoreException without a code if the message was removed meanwhile (by another session
     *                        or program); the client then gets a clean {@code -ERR}
     */
    InputStream open(MessageInfo message) throws StoreException;

    /**
     * Removes the messages, all or none, durably (on disk, or committed) before returning
     * (RFC 1939 §6, protocol.md §2). Messages that are already gone are ignored: under the
     * {@code snapshot} locking policy another session may have removed them first.
     */
    void delete(Collection<MessageInfo> messages) throws StoreException;

    /**
     * Whether this maildrop may not be changed (seed extension: DELE and DELI answer
     * {@code [READ-ONLY]}). The default is writable.
     */
    default boolean readOnly() {
        return false;
    }

    /** Releases what the session held. Never commits anything. */
    @Override
    void close();
}
