// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.Command;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.internal.SessionState.Transaction;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Commands in the TRANSACTION state (RFC 1939 §5, §6, §7). One instance per connection; not thread-safe. */
final class TransactionCommands {
    private static final Logger LOG = System.getLogger(TransactionCommands.class.getName());

    // protocol.md §2: fixed texts for out-of-range and flagged numbers.
    static final String NO_SUCH_MESSAGE = "No such message.";
    static final String DELETED = "That message is flagged for deletion.";

    private final ServerConfig config;
    private final SessionContext session;

    TransactionCommands(ServerConfig config, SessionContext session) {
        this.config = config;
        this.session = session;
    }

    Step handle(Transaction t, Command command) {
        Snapshot s = t.snapshot();
        return switch (command) {
            case Command.Capa c -> Step.reply(new Reply.Listing(StatusLine.ok("Capability list follows."),
                    Capabilities.list(config, true, session, List.of())), t);
            case Command.Lang l -> Languages.handle(session, l, t);
            // RFC 2595 §4: STLS only before login; RFC 6856 §2: UTF8 likewise.
            case Command.Stls c -> Step.clientError("STLS is only allowed before login.", t);
            case Command.Utf8 c -> Step.clientError("UTF8 is only allowed before login.", t);
            case Command.Auth c -> Step.clientError("Already logged in.", t);
            case Command.Apop c -> Step.clientError("Already logged in.", t);
            case Command.Stat c -> Step.ok(s.count() + " " + s.octets(), t);
            case Command.List c -> list(t, c.msg());
            case Command.Uidl c -> uidl(t, c.msg());
            case Command.Retr c -> retrieve(t, c.msg(), -1);
            case Command.Top c -> retrieve(t, c.msg(), c.lines());
            case Command.Dele c -> dele(t, c.msg());
            case Command.Rset c -> {
                s.reset();
                yield Step.ok("Maildrop has " + s.count() + " messages (" + s.octets() + " octets).", t);
            }
            case Command.Noop c -> Step.ok("", t);
            case Command.Quit c -> quit(t);
            case Command.User c -> Step.clientError("Already logged in.", t);
            case Command.Pass c -> Step.clientError("Already logged in.", t);
            case Command.Unknown c -> Step.clientError("Unknown command.", t);
            case Command.Invalid c -> Step.clientError("Invalid command syntax.", t);
        };
    }

    /** The error for a number that names no usable message, or null if it names one. */
    private static Step refuse(Transaction t, long n) {
        if (!t.snapshot().exists(n)) return Step.err(NO_SUCH_MESSAGE, t);
        // RFC 1939 §5: a message flagged for deletion may not be named by any command.
        if (t.snapshot().isDeleted(n)) return Step.err(DELETED, t);
        return null;
    }

    private Step list(Transaction t, OptionalLong msg) {
        Snapshot s = t.snapshot();
        if (msg.isPresent()) {
            long n = msg.getAsLong();
            Step refused = refuse(t, n);
            return refused != null ? refused : Step.ok(n + " " + s.get(n).size(), t);
        }
        List<String> lines = new ArrayList<>(s.count());
        for (int n = 1; n <= s.size(); n++) {
            if (!s.isDeleted(n)) lines.add(n + " " + s.get(n).size());
        }
        return Step.reply(new Reply.Listing(
                StatusLine.ok(s.count() + " messages (" + s.octets() + " octets)"), lines), t);
    }

    private Step uidl(Transaction t, OptionalLong msg) {
        Snapshot s = t.snapshot();
        if (msg.isPresent()) {
            long n = msg.getAsLong();
            Step refused = refuse(t, n);
            if (refused != null) return refused;
            if (!s.isUidSendable(n)) return badUid(t);
            return Step.ok(n + " " + s.get(n).uid(), t);
        }
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

    private Step retrieve(Transaction t, long n, long topLines) {
        Step refused = refuse(t, n);
        if (refused != null) return refused;
        MessageInfo m = t.snapshot().get(n);
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

    private Step dele(Transaction t, long n) {
        Step refused = refuse(t, n);
        if (refused != null) return refused;
        t.snapshot().delete(n);
        return Step.ok("Message " + n + " flagged for deletion.", t);
    }

    /**
     * RFC 1939 §6: QUIT enters UPDATE and removes the flagged messages, all or none, durably before the
     * reply (protocol.md §2). On failure nothing is removed and the client is told.
     */
    private Step quit(Transaction t) {
        List<MessageInfo> flagged = t.snapshot().flagged();
        if (!flagged.isEmpty()) {
            try {
                t.maildrop().delete(flagged);
            } catch (StoreException e) {
                LOG.log(Level.WARNING, "commit failed for " + LoginLog.escape(t.account().name()) + ": " + e.getMessage(), e.getCause());
                return Step.closing(new Reply.Single(StatusLine.err(ResponseCode.SYS_TEMP,
                        "Could not remove the deleted messages; none were removed.")), t);
            }
        }
        return Step.closing(Reply.ok("Poplar POP3 server signing off (" + flagged.size() + " messages deleted)."), t);
    }
}
