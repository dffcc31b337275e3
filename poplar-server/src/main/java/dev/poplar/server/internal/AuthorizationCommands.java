// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.Command;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.Saslprep;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.internal.SessionState.Authorization;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.util.Optional;

/** Commands in the AUTHORIZATION state (RFC 1939 §4, §7; RFC 2595; RFC 6856). One per connection; not thread-safe. */
final class AuthorizationCommands {
    private final ServerConfig config;
    private final SessionContext session;
    private final Logins logins;
    private final Sasl sasl;

    AuthorizationCommands(ServerConfig config, SessionContext session, Logins logins, Sasl sasl) {
        this.config = config;
        this.session = session;
        this.logins = logins;
        this.sasl = sasl;
    }

    Step handle(Authorization state, Command command) {
        return switch (command) {
            case Command.Capa c -> Step.reply(new Reply.Listing(StatusLine.ok("Capability list follows."),
                    Capabilities.list(config, false, session, sasl.usableMechanisms())), state);
            case Command.User u -> user(u);
            case Command.Pass p -> pass(state, p);
            case Command.Apop a -> apop(a);
            case Command.Auth a -> sasl.start(a);
            case Command.Stls c -> stls(state);
            case Command.Utf8 c -> {
                session.utf8 = true; // RFC 6856 §2
                yield Step.ok("UTF8 enabled.", state);
            }
            case Command.Lang l -> Languages.handle(session, l, state);
            case Command.Quit q -> Step.closing(Reply.ok("Poplar POP3 server signing off."), state);
            case Command.Noop n -> Step.ok("", state);
            case Command.Stat c -> notYet(state);
            case Command.List c -> notYet(state);
            case Command.Retr c -> notYet(state);
            case Command.Dele c -> notYet(state);
            case Command.Rset c -> notYet(state);
            case Command.Top c -> notYet(state);
            case Command.Uidl c -> notYet(state);
            case Command.Deli c -> notYet(state);
            case Command.Slee c -> notYet(state);
            case Command.Qaut c -> notYet(state);
            case Command.Wake c -> Step.clientError("Not sleeping.", state);
            case Command.Unknown c -> Step.clientError("Unknown command.", state);
            case Command.Invalid c -> Step.clientError("Invalid command syntax.", state);
        };
    }

    private static Step notYet(Authorization state) {
        return Step.clientError("Log in first.", state);
    }

    private Step stls(Authorization state) {
        if (!session.tlsAvailable) return Step.clientError("TLS is not available here.", state);
        // RFC 2595 §4: once only; a second STLS inside TLS is refused.
        if (session.secure) return Step.clientError("TLS is already active.", state);
        return Step.startTls(Authorization.FRESH);
    }

    private Step user(Command.User u) {
        if (!session.plaintextAllowed()) {
            LoginLog.plaintextRefused("USER", session.remote, session.local);
            return Step.err(ResponseCode.AUTH, "Plaintext login is only allowed over TLS; use STLS first.", Authorization.FRESH);
        }
        // RFC 1939 §13: USER never tells whether the name exists.
        return Step.ok("Send your password.", new Authorization(u.name()));
    }

    private Step pass(Authorization state, Command.Pass p) {
        if (state.pendingUser() == null) return Step.clientError("Send USER first.", Authorization.FRESH);
        Optional<Step> refused = logins.admit(state.pendingUser(), "USER");
        if (refused.isPresent()) return refused.get();
        byte[] secret = p.password().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Optional<String> user = prepare(state.pendingUser());
        Optional<String> password = prepare(p.password());
        if (user.isEmpty() || password.isEmpty()) return logins.failed(state.pendingUser(), "USER", secret);
        Optional<Account> account;
        try {
            account = config.authenticator().authenticate(user.get(), password.get());
        } catch (StoreException e) {
            return Logins.unavailable(e);
        }
        return account.isPresent() ? logins.succeeded(account.get(), "USER") : logins.failed(user.get(), "USER", secret);
    }

    /** RFC 1939 §7 APOP: MD5(timestamp + secret), only when enabled and the store keeps plaintext-equivalent secrets. */
    private Step apop(Command.Apop a) {
        if (session.apopTimestamp == null) return Step.clientError("Unknown command.", Authorization.FRESH);
        Optional<Step> refused = logins.admit(a.name(), "APOP");
        if (refused.isPresent()) return refused.get();
        byte[] secret = a.digest().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Optional<String> user = prepare(a.name());
        if (user.isEmpty()) return logins.failed(a.name(), "APOP", secret);
        try {
            Optional<Account> account = Apop.check(config, session.apopTimestamp, user.get(), a.digest());
            return account.isPresent() ? logins.succeeded(account.get(), "APOP") : logins.failed(user.get(), "APOP", secret);
        } catch (StoreException e) {
            return Logins.unavailable(e);
        }
    }

    /**
     * RFC 6856 §2 (and its errata): UTF-8 user names and passwords go through SASLprep as query strings;
     * one with a prohibited character fails like a wrong password. CAPA says "UTF8 USER", so this holds
     * before the UTF8 command too; plain ASCII outside UTF8 mode is taken as it is (older clients).
     */
    private Optional<String> prepare(String s) {
        if (!session.utf8 && s.chars().allMatch(c -> c < 0x80)) return Optional.of(s);
        try {
            return Optional.of(Saslprep.prepare(s, false));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
