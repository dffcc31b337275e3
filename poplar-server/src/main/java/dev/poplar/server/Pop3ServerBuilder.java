// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import dev.poplar.protocol.Limits;
import dev.poplar.server.sasl.SaslMechanism;
import dev.poplar.server.sasl.SaslMechanisms;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.TokenVerifier;
import dev.poplar.server.guard.ConnectionLimits;
import dev.poplar.server.guard.LoginGuard;
import dev.poplar.server.tls.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Configures a {@link Pop3Server}: listeners, store, TLS, authentication and limits. Not thread-safe. */
public final class Pop3ServerBuilder {
    private static final Logger LOG = System.getLogger(Pop3ServerBuilder.class.getName());

    final List<InetSocketAddress> addresses = new ArrayList<>();
    final List<InetSocketAddress> tlsAddresses = new ArrayList<>();
    TlsConfig tls;
    Duration handshakeTimeout = Duration.ofSeconds(30);
    boolean apop;
    String serverName = "localhost";
    List<SaslMechanism> mechanisms = SaslMechanisms.standard();
    TokenVerifier tokens;
    Duration loginDelay = Duration.ZERO;
    Authenticator authenticator;
    MaildropProvider maildrops;
    int maxConnections = 1000;
    Duration idleTimeout = Duration.ofSeconds(Limits.MIN_IDLE_TIMEOUT_SECONDS);
    Duration shutdownGrace = Duration.ofSeconds(10);
    int errorBudgetBeforeLogin = Limits.DEFAULT_ERROR_BUDGET_BEFORE_LOGIN;
    int errorBudgetAfterLogin = Limits.DEFAULT_ERROR_BUDGET_AFTER_LOGIN;
    NetworkSet trusted = NetworkSet.LOOPBACK;
    int maxPerAddress = ConnectionLimits.MAX_PER_ADDRESS;
    int maxPerUser = ConnectionLimits.MAX_PER_USER;
    LoginGuard guard;
    LockPolicy lockPolicy = LockPolicy.SNAPSHOT;
    Duration lockTakeover = Duration.ofSeconds(60);
    boolean multiLineIndicator;
    int expireDays = -1;
    boolean capaVersion;
    Duration sleepTimeout = Duration.ofMinutes(30);
    boolean uidLookup = true;

    Pop3ServerBuilder() {}

    /** Adds a plain POP3 listener. Port 0 picks a free port. {@link #start()} with none listens on 127.0.0.1, port 0. */
    public Pop3ServerBuilder listen(InetSocketAddress address) {
        addresses.add(Objects.requireNonNull(address));
        return this;
    }

    public Pop3ServerBuilder authenticator(Authenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator);
        return this;
    }

    public Pop3ServerBuilder maildrops(MaildropProvider maildrops) {
        this.maildrops = Objects.requireNonNull(maildrops);
        return this;
    }

    /** Most sessions from one address (IPv6: one /64); more get {@code -ERR [SYS/TEMP]}. Default 20. */
    public Pop3ServerBuilder maxConnectionsPerAddress(int max) {
        if (max < 1) throw new IllegalArgumentException("maxConnectionsPerAddress must be at least 1");
        this.maxPerAddress = max;
        return this;
    }

    /** Most logged-in sessions of one user; a login over it gets {@code -ERR [SYS/TEMP]}. Default 10. */
    public Pop3ServerBuilder maxConnectionsPerUser(int max) {
        if (max < 1) throw new IllegalArgumentException("maxConnectionsPerUser must be at least 1");
        this.maxPerUser = max;
        return this;
    }

    /** Replaces the default brute-force guard (for tests: a fake clock and sleeper; or other limits). */
    public Pop3ServerBuilder loginGuard(LoginGuard guard) {
        this.guard = Objects.requireNonNull(guard);
        return this;
    }

    /**
     * The most sessions at once (default 1000). At the limit the oldest connection that has not logged
     * in gives way; if every one has, the new client gets {@code -ERR [SYS/TEMP]}.
     */
    public Pop3ServerBuilder maxConnections(int max) {
        if (max < 1) throw new IllegalArgumentException("maxConnections must be at least 1");
        this.maxConnections = max;
        return this;
    }

    /**
     * The inactivity timer (RFC 1939 §3). Default and minimum for production: 10 minutes; a shorter
     * value is accepted for tests, with a warning.
     */
    public Pop3ServerBuilder idleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
        if (timeout.toSeconds() < Limits.MIN_IDLE_TIMEOUT_SECONDS) {
            LOG.log(Level.WARNING, "idle timeout {0}s is below the 600 s RFC 1939 requires; use it only for tests", timeout.toSeconds());
        }
        this.idleTimeout = timeout;
        return this;
    }

    /** How long {@link #close()} lets sessions finish before closing them. Default 10 s. */
    public Pop3ServerBuilder shutdownGrace(Duration grace) {
        this.shutdownGrace = Objects.requireNonNull(grace);
        return this;
    }

    /** Adds an implicit-TLS listener (RFC 8314, port 995 style); needs {@link #tls}. */
    public Pop3ServerBuilder listenTls(InetSocketAddress address) {
        tlsAddresses.add(Objects.requireNonNull(address));
        return this;
    }

    /** Certificate and TLS parameters; with it, STLS is offered on every plain listener (RFC 2595). */
    public Pop3ServerBuilder tls(TlsConfig tls) {
        this.tls = Objects.requireNonNull(tls);
        return this;
    }

    /** How long a TLS handshake may take (protocol.md §6; default 30 s). */
    public Pop3ServerBuilder handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /**
     * Client addresses that may send passwords without TLS and are exempt from login penalties
     * (protocol.md §6). Default: loopback only; {@link NetworkSet#NONE} for none. A guard given with
     * {@link #loginGuard} keeps its own exemptions.
     */
    public Pop3ServerBuilder trustedNetworks(NetworkSet trusted) {
        this.trusted = Objects.requireNonNull(trusted);
        return this;
    }

    /** RFC 1939 §7 APOP (default off: it needs plaintext-equivalent secrets and MD5 is weak). */
    public Pop3ServerBuilder apop(boolean enabled) {
        this.apop = enabled;
        return this;
    }

    /** Host name used in the APOP timestamp and in SASL challenges. Default {@code localhost}. */
    public Pop3ServerBuilder serverName(String name) {
        this.serverName = Objects.requireNonNull(name);
        return this;
    }

    /** SASL mechanisms offered (each only where it can work), in preference order (RFC 5034). */
    public Pop3ServerBuilder saslMechanisms(List<SaslMechanism> mechanisms) {
        this.mechanisms = List.copyOf(mechanisms);
        return this;
    }

    /** Verifier for OAUTHBEARER and XOAUTH2 tokens. */
    public Pop3ServerBuilder tokenVerifier(TokenVerifier verifier) {
        this.tokens = Objects.requireNonNull(verifier);
        return this;
    }

    /** RFC 2449 §6.5 LOGIN-DELAY: minimum time between two logins of one user. Default none. */
    public Pop3ServerBuilder loginDelay(Duration delay) {
        if (delay.isNegative()) throw new IllegalArgumentException("loginDelay");
        this.loginDelay = delay;
        return this;
    }

    /** protocol.md §8: {@link LockPolicy#SNAPSHOT} (default) or {@link LockPolicy#EXCLUSIVE}. */
    public Pop3ServerBuilder lockPolicy(LockPolicy policy) {
        this.lockPolicy = Objects.requireNonNull(policy);
        return this;
    }

    /** With the exclusive policy: how long a lock holder must have been silent to give way (default 60 s). */
    public Pop3ServerBuilder lockTakeover(Duration silence) {
        if (silence.isNegative()) throw new IllegalArgumentException("lockTakeover");
        this.lockTakeover = silence;
        return this;
    }

    /** Seed extension MULTI-LINE-IND (off by default): every multi-line first line ends in " _". */
    public Pop3ServerBuilder multiLineIndicator(boolean enabled) {
        this.multiLineIndicator = enabled;
        return this;
    }

    /**
     * RFC 2449 §6.7 EXPIRE: messages delivered more than {@code days} days ago are removed at login and
     * CAPA says {@code EXPIRE days}. Default -1: {@code EXPIRE NEVER}, nothing is ever removed.
     */
    public Pop3ServerBuilder expireDays(int days) {
        // 0 would remove every message at login, before the client could fetch it.
        if (days < -1 || days == 0) throw new IllegalArgumentException("expireDays must be at least 1, or -1 for NEVER");
        this.expireDays = days;
        return this;
    }

    /** Seed idea CAPA-VERSION (off by default): a token of the capability list in the greeting and CAPA. */
    public Pop3ServerBuilder capaVersion(boolean enabled) {
        this.capaVersion = enabled;
        return this;
    }

    /** Inactivity timer in the SLEEP state (seed extension SLEE/WAKE; default 30 minutes). */
    public Pop3ServerBuilder sleepTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("sleepTimeout");
        this.sleepTimeout = timeout;
        return this;
    }

    /**
     * UID-PARAM: whether {@code UID:id} of a message not in the session's snapshot is looked up in a
     * fresh listing (and served as message 0). Default on.
     */
    public Pop3ServerBuilder uidLookup(boolean enabled) {
        this.uidLookup = enabled;
        return this;
    }

    /** Invalid commands in a row tolerated before and after login (protocol.md §1; default 3 and 20). */
    public Pop3ServerBuilder errorBudget(int beforeLogin, int afterLogin) {
        if (beforeLogin < 1 || afterLogin < 1) throw new IllegalArgumentException("error budget must be at least 1");
        this.errorBudgetBeforeLogin = beforeLogin;
        this.errorBudgetAfterLogin = afterLogin;
        return this;
    }

    /** Builds the server and binds its listeners, without accepting yet (for {@link #serve}). */
    public Pop3Server build() {
        if (authenticator == null || maildrops == null) {
            throw new IllegalStateException("authenticator and maildrops are required");
        }
        try {
            return new Pop3Server(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + addresses + ": " + e.getMessage(), e);
        }
    }

    /** Builds the server, binds its listeners (127.0.0.1, port 0 if none was given) and starts accepting. */
    public Pop3Server start() {
        if (addresses.isEmpty() && tlsAddresses.isEmpty()) addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return build().startListeners();
    }
}
