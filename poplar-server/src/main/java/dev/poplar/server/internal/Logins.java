// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.internal.SessionState.Authorization;
import dev.poplar.server.internal.SessionState.Sleeping;
import dev.poplar.server.internal.SessionState.Transaction;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * Every login goes through here, whatever the method (USER/PASS, APOP, AUTH): the brute-force guard
 * before the check, one fixed reply and one log line for a failure (RFC 1939 §13, RFC 3206 §5,
 * protocol.md §6), and on success LOGIN-DELAY, the per-user connection limit, then the session
 * ({@link Sessions}). WAKE opens a session the same way. One per connection; used by its thread only.
 */
final class Logins {
    private static final Logger LOG = System.getLogger(Logins.class.getName());

    /** RFC 3206 §5 and RFC 1939 §13: one reply for every credential failure, whether the user exists or not. */
    static final String AUTH_FAILED = "Invalid user name or password.";

    private final ServerConfig config;
    private final SessionContext session;
    private final Sessions sessions;

    Logins(ServerConfig config, SessionContext session, MaildropLocks locks) {
        this.config = config;
        this.session = session;
        this.sessions = new Sessions(config, session, locks);
    }

    /**
     * Call before checking credentials. Waits out a running penalty of this address (parallel attempts
     * queue); a blocked address gets the failure reply without any check (protocol.md §6).
     */
    Optional<Step> admit(String user, String method) {
        try {
            if (config.guard().admit(session.remote.getAddress()).refused()) return Optional.of(reply(user, method));
            return Optional.empty();
        } catch (InterruptedException e) {
            return Optional.of(interrupted());
        }
    }

    /** A login that failed on its credentials: the escalating delay, the log line, the fixed reply. */
    Step failed(String user, String method, byte[] secret) {
        try {
            config.guard().failed(session.remote.getAddress(), user, secret == null ? new byte[0] : secret);
        } catch (InterruptedException e) {
            return interrupted();
        }
        return reply(user, method);
    }

    private Step reply(String user, String method) {
        session.failedLogins++;
        LoginLog.failure(user, method, session.failedLogins, (System.nanoTime() - session.startedNanos) / 1_000_000_000L,
                session.remote, session.local, session.secure);
        // protocol.md §2: a failed login clears the pending USER.
        return Step.err(ResponseCode.AUTH, AUTH_FAILED, Authorization.FRESH);
    }

    private static Step interrupted() {
        Thread.currentThread().interrupt();
        return Step.closing(new Reply.Single(StatusLine.err(ResponseCode.SYS_TEMP, "Server shutting down.")), Authorization.FRESH);
    }

    /** The credential check itself could not be made (a back end is down). */
    static Step unavailable(StoreException e) {
        LOG.log(Level.WARNING, "authentication back end failed: " + e.getMessage(), e.getCause());
        return Step.err(e.code() != null ? e.code() : ResponseCode.SYS_TEMP, e.safeText(), Authorization.FRESH);
    }

    /** Credentials accepted: LOGIN-DELAY, the per-user limit, then the session. */
    Step succeeded(Account account, String method) {
        config.guard().succeeded(session.remote.getAddress());
        if (config.loginDelays() != null) {
            Duration wait = config.loginDelays().tryLogin(account.name());
            if (!wait.isZero()) {
                // RFC 2449 §8.1.2: the credentials were right, but this user logged in too recently.
                return Step.closing(new Reply.Single(StatusLine.err(ResponseCode.LOGIN_DELAY,
                        "Logged in too recently; wait " + Math.max(1, wait.toSeconds()) + " seconds.")), Authorization.FRESH);
            }
        }
        if (session.lease != null && !session.lease.authenticated(account.name())) {
            LOG.log(Level.INFO, "refusing a session of {0}: too many sessions for this user", LoginLog.escape(account.name()));
            return Step.closing(new Reply.Single(StatusLine.err(ResponseCode.SYS_TEMP,
                    "Too many sessions for this user; try again later.")), Authorization.FRESH);
        }
        Sessions.Opened opened = sessions.open(account);
        if (opened.failure() != null) {
            loggedOut();
            return Step.reply(new Reply.Single(opened.failure()), Authorization.FRESH);
        }
        LoginLog.success(account.name(), method, session.remote, session.local, session.secure);
        session.loginMethod = method;
        Snapshot snapshot = opened.transaction().snapshot();
        return Step.ok("Logged in, " + snapshot.count() + " messages (" + snapshot.octets() + " octets).", opened.transaction());
    }

    /**
     * Seed extension SLEE/WAKE: the account is checked again, the lock taken again, a fresh snapshot
     * taken; {@code [ACTIVITY/NEW]} if any unique-id is new since the previous snapshot. On failure the
     * session stays asleep.
     */
    Step wake(Sleeping s) {
        try {
            // A bearer token is not kept, so an OAuth session cannot be checked again; every other
            // login is checked against the authenticator (removed, disabled, password changed).
            if (!isOAuth(session.loginMethod) && !config.authenticator().isStillValid(s.account())) {
                return Step.err(ResponseCode.AUTH, "The account's credentials are no longer valid.", s);
            }
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "cannot check the account at WAKE: " + e.getMessage(), e.getCause());
            return Step.err(e.code() != null ? e.code() : ResponseCode.SYS_TEMP, e.safeText(), s);
        }
        Sessions.Opened opened = sessions.open(s.account());
        if (opened.failure() != null) return Step.reply(new Reply.Single(opened.failure()), s);
        Transaction t = opened.transaction();
        boolean fresh = t.snapshot().uids().stream().anyMatch(uid -> !s.knownUids().contains(uid));
        return Step.reply(new Reply.Single(fresh
                ? new StatusLine(true, ResponseCode.ACTIVITY_NEW, "New messages since the last session.")
                : new StatusLine(true, ResponseCode.ACTIVITY_NONE, "No new messages.")), t);
    }

    private static boolean isOAuth(String method) {
        return "OAUTHBEARER".equals(method) || "XOAUTH2".equals(method);
    }

    /** The session's maildrop and lock are given back (QUIT, SLEE, QAUT). */
    void release(Transaction t) {
        sessions.release(t);
    }

    /** QAUT: the connection no longer counts as this user's. */
    void loggedOut() {
        if (session.lease != null) session.lease.loggedOut();
    }

}
