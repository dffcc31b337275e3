// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.LockPolicy;
import dev.poplar.server.internal.SessionState.Transaction;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens and releases an account's maildrop for a session (at login and at WAKE): the exclusive lock if
 * that policy is on (protocol.md §8), the EXPIRE policy (RFC 2449 §6.7), then the snapshot
 * (protocol.md §2). One per connection; used by its thread only.
 */
final class Sessions {
    private static final Logger LOG = System.getLogger(Sessions.class.getName());

    /** Either the new TRANSACTION state or the status line that says why there is none. */
    record Opened(Transaction transaction, StatusLine failure) {}

    private final ServerConfig config;
    private final SessionContext session;
    private final MaildropLocks locks;

    Sessions(ServerConfig config, SessionContext session, MaildropLocks locks) {
        this.config = config;
        this.session = session;
        this.locks = locks;
    }

    Opened open(Account account) {
        boolean exclusive = config.lockPolicy() == LockPolicy.EXCLUSIVE;
        // RFC 2449 §8.1.1: another session holds the maildrop.
        if (exclusive && !locks.acquire(account.name(), session, config.lockTakeover())) {
            return new Opened(null, StatusLine.err(ResponseCode.IN_USE, "The maildrop is in use by another session."));
        }
        Maildrop maildrop = null;
        try {
            maildrop = config.maildrops().open(account);
            List<MessageInfo> listed = expire(account, maildrop, maildrop.list());
            return new Opened(new Transaction(account, maildrop, new Snapshot(listed)), null);
        } catch (StoreException | RuntimeException e) {
            if (maildrop != null) maildrop.close();
            if (exclusive) locks.release(account.name(), session);
            LOG.log(Level.WARNING, "cannot open the maildrop of " + LoginLog.escape(account.name()), e);
            ResponseCode code = e instanceof StoreException se && se.code() != null ? se.code() : ResponseCode.SYS_TEMP;
            String text = e instanceof StoreException se ? se.safeText() : "Cannot open the maildrop now, please try again later.";
            return new Opened(null, StatusLine.err(code, text));
        }
    }

    /**
     * RFC 2449 §6.7 EXPIRE: messages delivered more than the configured number of days ago are removed
     * (through the store's durable delete) before the snapshot is taken. Messages of unknown age, and
     * read-only maildrops, are never touched; if the removal fails, nothing was removed and all are served.
     */
    private List<MessageInfo> expire(Account account, Maildrop maildrop, List<MessageInfo> listed) {
        if (config.expireDays() < 0 || maildrop.readOnly()) return listed;
        Instant cutoff = Instant.now().minus(Duration.ofDays(config.expireDays()));
        List<MessageInfo> old = new ArrayList<>();
        List<MessageInfo> kept = new ArrayList<>();
        for (MessageInfo m : listed) (m.received() != null && m.received().isBefore(cutoff) ? old : kept).add(m);
        if (old.isEmpty()) return listed;
        try {
            maildrop.delete(old);
            LOG.log(Level.INFO, "expired {0} messages of {1}", old.size(), LoginLog.escape(account.name()));
            return kept;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "could not expire old messages of " + LoginLog.escape(account.name()) + ": " + e.getMessage(), e.getCause());
            return listed;
        }
    }

    /** Gives the maildrop (and the exclusive lock) back. Never commits anything. */
    void release(Transaction t) {
        t.maildrop().close();
        if (config.lockPolicy() == LockPolicy.EXCLUSIVE) locks.release(t.account().name(), session);
    }
}
