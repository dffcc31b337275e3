// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.Command;
import dev.poplar.protocol.Limits;
import dev.poplar.protocol.MessageRef;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.internal.SessionState.Authorization;
import dev.poplar.server.internal.SessionState.Sleeping;
import dev.poplar.server.internal.SessionState.Transaction;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Commands in the TRANSACTION state (RFC 1939 §5-§7, and the seed extensions of protocol.md §7: UID
 * parameters, DELI, SLEE, QAUT). One instance per connection; not thread-safe.
 */
final class TransactionCommands {
    private static final Logger LOG = System.getLogger(TransactionCommands.class.getName());

    // protocol.md §2: fixed texts for out-of-range and flagged numbers.
    static final String NO_SUCH_MESSAGE = "No such message.";
    static final String DELETED = "That message is flagged for deletion.";

    private final ServerConfig config;
    private final SessionContext session;
    private final Logins logins;

    TransactionCommands(ServerConfig config, SessionContext session, Logins logins) {
        this.config = config;
        this.session = session;
        this.logins = logins;
    }

    Step handle(Transaction t, Command command) {
        Snapshot s = t.snapshot();
        return switch (command) {
            case Command.Capa c -> Step.reply(new Reply.Listing(StatusLine.ok("Capability list follows."),
                    Capabilities.list(config, true, session, List.of())), t);
            case Command.Lang l -> Languages.handle(session, l, t);
            case Command.Stat c -> Step.ok(s.count() + " " + s.octets(), t);
            case Command.List c -> c.msg().isPresent() ? one(t, c.msg().get(), false) : list(t);
            case Command.Uidl c -> c.msg().isPresent() ? one(t, c.msg().get(), true) : uidl(t);
            case Command.Retr c -> retrieve(t, c.msg(), -1);
            case Command.Top c -> retrieve(t, c.msg(), c.lines());
            case Command.Dele c -> dele(t, c.msg());
            case Command.Deli c -> deli(t, c.msg());
            case Command.Rset c -> {
                s.reset();
                yield Step.ok("Maildrop has " + s.count() + " messages (" + s.octets() + " octets).", t);
            }
            case Command.Noop c -> Step.ok("", t);
            case Command.Quit c -> quit(t);
            case Command.Slee c -> slee(t);
            case Command.Qaut c -> qaut(t);
            // RFC 2595 §4: STLS only before login; RFC 6856 §2: UTF8 likewise.
            case Command.Stls c -> Step.clientError("STLS is only allowed before login.", t);
            case Command.Utf8 c -> Step.clientError("UTF8 is only allowed before login.", t);
            case Command.Wake c -> Step.clientError("Not sleeping.", t);
            case Command.Auth c -> Step.clientError("Already logged in.", t);
            case Command.Apop c -> Step.clientError("Already logged in.", t);
            case Command.User c -> Step.clientError("Already logged in.", t);
            case Command.Pass c -> Step.clientError("Already logged in.", t);
            case Command.Unknown c -> Step.clientError("Unknown command.", t);
            case Command.Invalid c -> Step.clientError("Invalid command syntax.", t);
        };
    }

    /** A message a command named: its number in the session (0 for a late one) and its listing. */
    private record Target(long number, MessageInfo info) {}

    /**
     * Resolves a selector, or answers why not. protocol.md §7: an id that is not in the snapshot is looked
     * up in a fresh listing and served as message 0; the store is only ever asked about ids it listed
     * itself (the client's text is compared with them, never passed on).
     */
    private Object resolve(Transaction t, MessageRef ref) {
        Snapshot s = t.snapshot();
        return switch (ref) {
            case MessageRef.Number n -> {
                if (!s.exists(n.number())) yield Step.err(NO_SUCH_MESSAGE, t);
                // RFC 1939 §5: a message flagged for deletion may not be named by any command.
                yield s.isDeleted(n.number()) ? Step.err(DELETED, t) : new Target(n.number(), s.get(n.number()));
            }
            case MessageRef.Uid u -> resolveUid(t, u.uid());
        };
    }

    private Object resolveUid(Transaction t, String uid) {
        Snapshot s = t.snapshot();
        if (!Limits.isValidUniqueId(uid)) return uidNotFound(t);
        long n = s.numberOf(uid);
        if (n > 0) return s.isDeleted(n) ? Step.err(DELETED, t) : new Target(n, s.get(n));
        MessageInfo late = s.late(uid);
        if (late == null && config.uidLookup()) {
            try {
                for (MessageInfo m : t.maildrop().list()) {
                    if (m.uid().equals(uid) && m.hasValidUid()) late = m;
                }
            } catch (StoreException e) {
                LOG.log(Level.DEBUG, "fresh listing failed: " + e.getMessage(), e.getCause());
                return Step.err(e.code() != null ? e.code() : ResponseCode.SYS_TEMP, e.safeText(), t);
            }
            if (late != null) s.addLate(late);
        }
        if (late == null) return uidNotFound(t);
        return s.isLateDeleted(uid) ? Step.err(DELETED, t) : new Target(0, late);
    }

    private static Step uidNotFound(Transaction t) {
        return Step.err(ResponseCode.UID_NOT_FOUND, "No message has that unique-id.", t);
    }

    private Step one(Transaction t, MessageRef ref, boolean uidl) {
        Object r = resolve(t, ref);
        if (r instanceof Step refused) return refused;
        Target target = (Target) r;
        if (!uidl) return Step.ok(target.number() + " " + target.info().size(), t);
        if (target.number() > 0 && !t.snapshot().isUidSendable(target.number())) return badUid(t);
        return Step.ok(target.number() + " " + target.info().uid(), t);
    }

    private Step list(Transaction t) {
        Snapshot s = t.snapshot();
        List<String> lines = new ArrayList<>(s.count());
        for (int n = 1; n <= s.size(); n++) {
            if (!s.isDeleted(n)) lines.add(n + " " + s.get(n).size());
        }
        return Step.reply(new Reply.Listing(
                StatusLine.ok(s.count() + " messages (" + s.octets() + " octets)"), lines), t);
    }

    private Step uidl(Transaction t) {
        Snapshot s = t.snapshot();
        List<String> lines = new ArrayList<>(s.count());
        for (int n = 1; n <= s.size(); n++) {
            if (s.isDeleted(n)) continue;
            if (!s.isUidSendable(n)) return badUid(t);
            lines.add(n + " " + s.get(n).uid());
        }
        return Step.reply(new Reply.Listing(StatusLine.ok("Unique-id listing follows."), lines), t);
    }

    /** protocol.md §3: a store id that breaks the unique-id rules is a server fault and is never sent. */
    private static Step badUid(Transaction t) {
        LOG.log(Level.ERROR, "store listed an invalid or duplicate unique-id for " + LoginLog.escape(t.account().name()));
        return Step.err(ResponseCode.SYS_PERM, "This maildrop has a message the server cannot identify.", t);
    }

    private Step retrieve(Transaction t, MessageRef ref, long topLines) {
        Object r = resolve(t, ref);
        if (r instanceof Step refused) return refused;
        MessageInfo m = ((Target) r).info();
        InputStream content;
        try {
            content = t.maildrop().open(m);
        } catch (StoreException e) {
            LOG.log(Level.DEBUG, "cannot open message: " + e.getMessage(), e.getCause());
            return Step.err(e.code(), e.safeText(), t);
        }
        StatusLine first = topLines < 0 ? StatusLine.ok(m.size() + " octets") : StatusLine.ok("Top of message follows.");
        return Step.reply(new Reply.Body(first, content, topLines), t);
    }

    /** Like {@link #resolve}, for commands that change the maildrop: read-only ones refuse (protocol.md §7). */
    private Object resolveForChange(Transaction t, MessageRef ref) {
        if (t.maildrop().readOnly()) return Step.err(ResponseCode.READ_ONLY, "This maildrop is read-only.", t);
        return resolve(t, ref);
    }

    private Step dele(Transaction t, MessageRef ref) {
        Object r = resolveForChange(t, ref);
        if (r instanceof Step refused) return refused;
        Target target = (Target) r;
        t.snapshot().flag(target.number(), target.info());
        return Step.ok("Message " + (target.number() > 0 ? target.number() + " " : "") + "flagged for deletion.", t);
    }

    /** protocol.md §7 DELI: removed now, atomically and durably, before +OK; its number becomes a gap. */
    private Step deli(Transaction t, MessageRef ref) {
        Object r = resolveForChange(t, ref);
        if (r instanceof Step refused) return refused;
        Target target = (Target) r;
        try {
            t.maildrop().delete(List.of(target.info()));
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "DELI failed for " + LoginLog.escape(t.account().name()) + ": " + e.getMessage(), e.getCause());
            return Step.err(e.code() != null ? e.code() : ResponseCode.SYS_TEMP, e.safeText(), t);
        }
        t.snapshot().gone(target.number(), target.info());
        return Step.ok("Message deleted.", t);
    }

    /**
     * RFC 1939 §6: QUIT enters UPDATE and removes the flagged messages, all or none, durably before the
     * reply (protocol.md §2). On failure nothing is removed and the client is told.
     */
    private Step quit(Transaction t) {
        Optional<Integer> removed = commit(t);
        if (removed.isEmpty()) return Step.closing(commitFailed(), t);
        logins.release(t);
        return Step.closing(Reply.ok("Poplar POP3 server signing off (" + removed.get() + " messages deleted)."),
                Authorization.FRESH);
    }

    /** protocol.md §7 SLEE: commit as QUIT does, release the maildrop, sleep; on failure stay awake. */
    private Step slee(Transaction t) {
        Optional<Integer> removed = commit(t);
        if (removed.isEmpty()) return Step.reply(commitFailed(), t);
        logins.release(t);
        return Step.ok("Deleted " + removed.get() + " messages. Sleeping.", new Sleeping(t.account(), t.snapshot().uids()));
    }

    /** protocol.md §7 QAUT: commit as QUIT does, then back to AUTHORIZATION on the same connection. */
    private Step qaut(Transaction t) {
        Optional<Integer> removed = commit(t);
        if (removed.isEmpty()) return Step.closing(commitFailed(), t);
        logins.release(t);
        logins.loggedOut();
        return Step.ok("Logged out (" + removed.get() + " messages deleted); log in again or QUIT.", Authorization.FRESH);
    }

    /** Removes the flagged messages; the count, or empty if the store could not (then nothing was removed). */
    private Optional<Integer> commit(Transaction t) {
        List<MessageInfo> flagged = t.snapshot().flagged();
        if (flagged.isEmpty()) return Optional.of(0);
        try {
            t.maildrop().delete(flagged);
            return Optional.of(flagged.size());
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "commit failed for " + LoginLog.escape(t.account().name()) + ": " + e.getMessage(), e.getCause());
            return Optional.empty();
        }
    }

    private static Reply commitFailed() {
        return new Reply.Single(StatusLine.err(ResponseCode.SYS_TEMP, "Could not remove the deleted messages; none were removed."));
    }
}
