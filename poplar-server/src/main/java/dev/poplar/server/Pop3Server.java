// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import dev.poplar.server.guard.ConnectionLimits;
import dev.poplar.server.guard.LoginDelayTracker;
import dev.poplar.server.guard.LoginGuard;
import dev.poplar.server.internal.Connection;
import dev.poplar.server.internal.Listener;
import dev.poplar.server.internal.MaildropLocks;
import dev.poplar.server.internal.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

    Pop3Server(Pop3ServerBuilder b) throws IOException {
        if (!b.tlsAddresses.isEmpty() && b.tls == null) throw new IllegalStateException("TLS listeners need tls(...)");
        LoginGuard guard = b.guard != null ? b.guard : LoginGuard.builder().exempt(b.trusted).build();
        ConnectionLimits<Connection> limits = ConnectionLimits.builder().maxTotal(b.maxConnections)
                .maxPerAddress(b.maxPerAddress).maxPerUser(b.maxPerUser).<Connection>build();
        this.config = new ServerConfig(b.authenticator, b.maildrops, b.idleTimeout, b.errorBudgetBeforeLogin,
                b.errorBudgetAfterLogin, b.trusted, "Poplar", b.tls, b.handshakeTimeout, b.apop, b.serverName,
                List.copyOf(b.mechanisms), b.tokens,
                b.loginDelay.isZero() ? null : new LoginDelayTracker(b.loginDelay), guard, limits,
                b.lockPolicy, b.lockTakeover, b.multiLineIndicator, b.expireDays, b.capaVersion, b.sleepTimeout, b.uidLookup,
                new MaildropLocks());
        // The hard cap sits above the soft limit so that the connection that finds the limit reached can
        // still be told, or make an unauthenticated one give way (ConnectionLimits).
        this.permits = new Semaphore(b.maxConnections + Math.max(16, b.maxConnections / 10));
        this.shutdownGrace = b.shutdownGrace;
        List<Listener> bound = new ArrayList<>();
        try {
            for (InetSocketAddress address : b.addresses) bound.add(bind(address, false));
            for (InetSocketAddress address : b.tlsAddresses) bound.add(bind(address, true));
        } catch (IOException e) {
            for (Listener l : bound) l.close();
            throw e;
        }
        this.listeners = List.copyOf(bound);
    }

    private Listener bind(InetSocketAddress address, boolean implicitTls) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(address, 128);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new Listener(socket, implicitTls, config, permits, live, this::signalEnded);
    }

    /** A builder; see {@link Pop3ServerBuilder}. */
    public static Pop3ServerBuilder builder() {
        return new Pop3ServerBuilder();
    }

    Pop3Server startListeners() {
        for (Listener l : listeners) {
            // A platform thread: the kernel wakes it as soon as a client connects, where a virtual one would
            // wait its turn behind every busy session on the carriers (greeting latency under load).
            Thread.ofPlatform().daemon().name("pop3-accept-" + l.address().getPort()).start(l);
            LOG.log(Level.INFO, "listening on {0}{1}", l.address(), l.implicitTls() ? " (TLS)" : "");
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

    /** The port of the first plain listener (or of the first listener if all are TLS). */
    public int port() {
        return listeners.stream().filter(l -> !l.implicitTls()).findFirst().orElse(listeners.getFirst()).address().getPort();
    }

    /** The port of the first implicit-TLS listener. */
    public int tlsPort() {
        return listeners.stream().filter(Listener::implicitTls).findFirst()
                .orElseThrow(() -> new IllegalStateException("no TLS listener")).address().getPort();
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
        new Connection(config, in, out, transport, remote, local).run();
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
}
