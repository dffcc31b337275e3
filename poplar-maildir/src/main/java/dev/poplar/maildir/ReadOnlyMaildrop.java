// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

/**
 * A maildrop that may be read but not changed (seed extension: DELE and DELI answer {@code [READ-ONLY]}).
 * Reading delegates; {@link #readOnly()} is true. Used by one session thread at a time, like the
 * maildrop it wraps.
 */
final class ReadOnlyMaildrop implements Maildrop {
    private final Maildrop delegate;

    ReadOnlyMaildrop(Maildrop delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<MessageInfo> list() throws StoreException {
        return delegate.list();
    }

    @Override
    public InputStream open(MessageInfo message) throws StoreException {
        return delegate.open(message);
    }

    /**
     * Removes nothing. The server answers DELE and DELI with {@code [READ-ONLY]} before it gets here; this
     * refusal is the second line, so that no path (EXPIRE at login, a future command) removes mail the
     * configuration protects. Nothing to remove is not a change, so it succeeds.
     */
    @Override
    public void delete(Collection<MessageInfo> messages) throws StoreException {
        if (messages.isEmpty()) return;
        throw new StoreException(ResponseCode.READ_ONLY, "This mailbox is read-only.",
                "refused to remove " + messages.size() + " messages from a read-only maildrop", null);
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
