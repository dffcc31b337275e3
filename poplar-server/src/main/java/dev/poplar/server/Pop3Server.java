// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import dev.poplar.protocol.Limits;
import dev.poplar.server.internal.Connection;
import dev.poplar.server.internal.Listener;
import dev.poplar.server.internal.ServerConfig;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.MaildropProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A POP3 server: listeners on one or more addresses, one virtual thread per connection, and a store
 * behind the SPI. Thread-safe.
 *
 * <pre>{@code
 * try (Pop3Server server = Pop3Server.builder()
 *         .authenticator(store).maildrops(store)
 *         .listen(new InetSocketAddress("127.0.0.1", 0))
 *         .start()) {
 *     int port = server.port();
 * }
 * }</pre>
 *
 * {@link #close()} shuts down gracefully: it stops accepting, lets sessions finish for the grace period,
 * then closes the rest without committing anything (RFC 1939 §6).
 */
public final class Pop3Server implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Pop3Server.class.getName());

    private final ServerConfig config;
    private final List<Listener> listeners;
    private final Set<Connection> live = Listener.newLiveSet();
    private final Semaphore permits;
    private final Duration shutdownGrace;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition connectionEnded = lock.newCondition();
    private volatile boolean closed;

    private Pop3Server(Builder b) throws IOException {
        this.config = new ServerConfig(b.authenticator, b.maildrops, b.idleTimeout, b.errorBudgetBeforeLogin,
                b.errorBudgetAfterLogin, b.plaintextLoginAllowed, "Poplar");
        this.permits = new Semaphore(b.maxConnections);
        this.shutdownGrace = b.shutdownGrace;
        List<Listener> bound = new ArrayList<>();
        try {
            for (InetSocketAddress address : b.addresses) {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(address, 128);
                bound.add(new Listener(socket, config, permits, live, this::signalEnded));
            }
        } catch (IOException e) {
            for (Listener l : bound) l.close();
            throw e;
        }
        this.listeners = List.copyOf(bound);
    }

    public static Builder builder() {
        return new Builder();
    }

    private Pop3Server startListeners() {
        for (Listener l : listeners) {
            Thread.ofVirtual().name("pop3-accept-" + l.address().getPort()).start(l);
            LOG.log(Level.INFO, "listening on {0}", l.address());
        }
        Thread.ofVirtual().name("pop3-stall-reaper").start(this::reapStalledWriters);
        return this;
    }

    /**
     * RFC 1939 §3 applied to writes: a client that has not read for longer than the inactivity timeout
     * (a blocked RETR) is disconnected like an idle one, without entering UPDATE.
     */
    private void reapStalledWriters() {
        long timeout = config.idleTimeout().toNanos();
        long period = Math.clamp(timeout / 4, TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(30));
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(period); // a virtual (daemon) thread: never holds up exit
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection c : live) {
                if (c.stalledLongerThan(timeout, now)) {
                    LOG.log(Level.INFO, "closing a session whose client stopped reading");
                    c.abort();
                }
            }
        }
    }

    /** The bound addresses, in the order they were given (port 0 resolved to the real port). */
    public List<InetSocketAddress> addresses() {
        return listeners.stream().map(Listener::address).toList();
    }

    /** The port of the first listener. */
    public int port() {
        return addresses().getFirst().getPort();
    }

    /** Sessions running now. */
    public int activeConnections() {
        return live.size();
    }

    /**
     * Runs one session on the calling thread over the given streams (inetd style, or in-memory tests).
     * Returns when the session ends; closes {@code transport}.
     */
    public void serve(InputStream in, OutputStream out, AutoCloseable transport, InetSocketAddress remote,
                      InetSocketAddress local) {
        new Connection(config, in, out, transport, remote, local, false).run();
    }

    /** Graceful shutdown with the configured grace period. Idempotent. */
    @Override
    public void close() {
        shutdown(shutdownGrace);
    }

    /**
     * Stops accepting, waits up to {@code grace} for sessions to end, then closes the rest (nothing is
     * committed for them) and waits briefly for their threads to finish cleaning up.
     */
    public void shutdown(Duration grace) {
        if (closed) return;
        closed = true;
        for (Listener l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing listener: " + e);
            }
        }
        if (!awaitIdle(grace)) {
            LOG.log(Level.INFO, "closing {0} sessions still open after the grace period", live.size());
            for (Connection c : live) c.abort();
            awaitIdle(Duration.ofSeconds(10));
        }
    }

    private boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!live.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                connectionEnded.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return live.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private void signalEnded() {
        lock.lock();
        try {
            connectionEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Configures a {@link Pop3Server}. Not thread-safe. */
    public static final class Builder {
        private final List<InetSocketAddress> addresses = new ArrayList<>();
        private Authenticator authenticator;
        private MaildropProvider maildrops;
        private int maxConnections = 1000;
        private Duration idleTimeout = Duration.ofSeconds(Limits.MIN_IDLE_TIMEOUT_SECONDS);
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private int errorBudgetBeforeLogin = Limits.DEFAULT_ERROR_BUDGET_BEFORE_LOGIN;
        private int errorBudgetAfterLogin = Limits.DEFAULT_ERROR_BUDGET_AFTER_LOGIN;
        private Predicate<InetAddress> plaintextLoginAllowed = InetAddress::isLoopbackAddress;

        private Builder() {}

        /** Adds a plain POP3 listener. Port 0 picks a free port. {@link #start()} with none listens on 127.0.0.1, port 0. */
        public Builder listen(InetSocketAddress address) {
            addresses.add(Objects.requireNonNull(address));
            return this;
        }

        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator);
            return this;
        }

        public Builder maildrops(MaildropProvider maildrops) {
            this.maildrops = Objects.requireNonNull(maildrops);
            return this;
        }

        /** The most sessions at once; further clients wait in the listen backlog. Default 1000. */
        public Builder maxConnections(int max) {
            if (max < 1) throw new IllegalArgumentException("maxConnections must be at least 1");
            this.maxConnections = max;
            return this;
        }

        /**
         * The inactivity timer (RFC 1939 §3). Default and minimum for production: 10 minutes; a shorter
         * value is accepted for tests, with a warning.
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
            if (timeout.toSeconds() < Limits.MIN_IDLE_TIMEOUT_SECONDS) {
                LOG.log(Level.WARNING, "idle timeout {0}s is below the 600 s RFC 1939 requires; use it only for tests", timeout.toSeconds());
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** How long {@link #close()} lets sessions finish before closing them. Default 10 s. */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = Objects.requireNonNull(grace);
            return this;
        }

        /** Invalid commands in a row tolerated before and after login (protocol.md §1; default 3 and 20). */
        public Builder errorBudget(int beforeLogin, int afterLogin) {
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
            if (addresses.isEmpty()) addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return build().startListeners();
        }
    }
}
