// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.Command;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.internal.SessionState.Authorization;
import dev.poplar.server.internal.SessionState.Transaction;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.StoreException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;

/** Commands in the AUTHORIZATION state (RFC 1939 §4, §7). One instance per connection; not thread-safe. */
final class AuthorizationCommands {
    private static final Logger LOG = System.getLogger(AuthorizationCommands.class.getName());

    /** RFC 3206 §5 and RFC 1939 §13: one reply for every credential failure, whether the user exists or not. */
    static final String AUTH_FAILED = "Invalid user name or password.";

    private final ServerConfig config;
    private final ConnectionInfo info;

    AuthorizationCommands(ServerConfig config, ConnectionInfo info) {
        this.config = config;
        this.info = info;
    }

    Step handle(Authorization state, Command command) {
        return switch (command) {
            case Command.Capa c -> Step.reply(new Reply.Listing(StatusLine.ok("Capability list follows."),
                    Capabilities.list(false, plaintextAllowed(), config.implementation())), state);
            case Command.User u -> user(u);
            case Command.Pass p -> pass(state, p);
            case Command.Quit q -> Step.closing(Reply.ok("Poplar POP3 server signing off."), state);
            case Command.Noop n -> Step.ok("", state);
            case Command.Stat c -> notYet(state);
            case Command.List c -> notYet(state);
            case Command.Retr c -> notYet(state);
            case Command.Dele c -> notYet(state);
            case Command.Rset c -> notYet(state);
            case Command.Top c -> notYet(state);
            case Command.Uidl c -> notYet(state);
            case Command.Unknown c -> Step.clientError("Unknown command.", state);
            case Command.Invalid c -> Step.clientError("Invalid command syntax.", state);
        };
    }

    private static Step notYet(Authorization state) {
        return Step.clientError("Log in first.", state);
    }

    private boolean plaintextAllowed() {
        return info.secure() || config.plaintextLoginAllowed().test(info.remote().getAddress());
    }

    private Step user(Command.User u) {
        // RFC 2595 §2.3: refuse plaintext passwords on unprotected connections from untrusted networks.
        if (!plaintextAllowed()) {
            return Step.err(ResponseCode.AUTH, "Plaintext login is only allowed over TLS or from trusted networks.", Authorization.FRESH);
        }
        // RFC 1939 §13: USER never tells whether the name exists.
        return Step.ok("Send your password.", new Authorization(u.name()));
    }

    private Step pass(Authorization state, Command.Pass p) {
        if (state.pendingUser() == null) return Step.clientError("Send USER first.", Authorization.FRESH);
        String user = state.pendingUser();
        Optional<Account> account;
        long started = System.nanoTime();
        try {
            account = config.authenticator().authenticate(user, p.password());
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "authentication back end failed: " + e.getMessage(), e.getCause());
            return Step.err(code(e, ResponseCode.SYS_TEMP), e.safeText(), Authorization.FRESH);
        }
        if (account.isEmpty()) {
            LoginLog.failure(user, "USER", (System.nanoTime() - started) / 1_000_000_000L, info.remote(), info.local());
            // protocol.md §2: a failed login clears the pending USER.
            return Step.err(ResponseCode.AUTH, AUTH_FAILED, Authorization.FRESH);
        }
        return open(account.get(), "USER");
    }

    /** Opens the maildrop and takes the session's snapshot (protocol.md §2). */
    private Step open(Account account, String method) {
        Maildrop maildrop;
        try {
            maildrop = config.maildrops().open(account);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "cannot open maildrop of " + LoginLog.escape(account.name()) + ": " + e.getMessage(), e.getCause());
            return Step.err(code(e, ResponseCode.SYS_TEMP), e.safeText(), Authorization.FRESH);
        }
        Snapshot snapshot;
        try {
            snapshot = new Snapshot(maildrop.list());
        } catch (StoreException | RuntimeException e) {
            maildrop.close();
            LOG.log(Level.WARNING, "cannot list maildrop of " + LoginLog.escape(account.name()), e);
            ResponseCode code = e instanceof StoreException se ? code(se, ResponseCode.SYS_TEMP) : ResponseCode.SYS_TEMP;
            return Step.err(code, "Cannot open the maildrop now, please try again later.", Authorization.FRESH);
        }
        LoginLog.success(account.name(), method, info.remote(), info.local());
        return Step.ok("Logged in, " + snapshot.count() + " messages (" + snapshot.octets() + " octets).",
                new Transaction(account, maildrop, snapshot));
    }

    private static ResponseCode code(StoreException e, ResponseCode fallback) {
        return e.code() != null ? e.code() : fallback;
    }
}
