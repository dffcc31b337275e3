// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import dev.poplar.server.guard.ConnectionLimits;

/**
 * Accepts connections on one bound socket and runs each on a new virtual thread. A permit is taken
 * before {@code accept()} (design.md, principle 1), from a hard cap a little above the configured
 * limit, so that the connection that finds the limit reached can still be accepted, told
 * {@code -ERR [SYS/TEMP]} or make an unauthenticated connection give way. Thread-safe: {@link #close()} may be called from any thread.
 */
public final class Listener implements Runnable, AutoCloseable {
    private static final Logger LOG = System.getLogger(Listener.class.getName());

    private final ServerSocket socket;
    private final ServerConfig config;
    private final Semaphore permits;
    private final Set<Connection> live;
    private final Runnable onConnectionEnd;
    private final boolean implicitTls;

    /** @param implicitTls whether clients start with a TLS handshake (RFC 8314, the port 995 style) */
    public Listener(ServerSocket socket, boolean implicitTls, ServerConfig config, Semaphore permits, Set<Connection> live,
                    Runnable onConnectionEnd) {
        this.socket = socket;
        this.implicitTls = implicitTls;
        this.config = config;
        this.permits = permits;
        this.live = live;
        this.onConnectionEnd = onConnectionEnd;
    }

    /** Whether this listener speaks implicit TLS. */
    public boolean implicitTls() {
        return implicitTls;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void run() {
        while (!socket.isClosed()) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                permits.release();
                if (!socket.isClosed()) LOG.log(Level.WARNING, "accept failed: " + e);
                continue;
            }
            try {
                start(client);
            } catch (IOException | RuntimeException e) {
                permits.release();
                LOG.log(Level.WARNING, "could not start a session: " + e);
                try {
                    client.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
    }

    private void start(Socket client) throws IOException {
        client.setTcpNoDelay(true);
        // RFC 1939 §3: the inactivity timer; a read that waits longer ends the session without UPDATE.
        client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
        Connection connection = new Connection(config, client, implicitTls);
        live.add(connection);
        Thread.ofVirtual().name("pop3-" + client.getPort()).start(() -> {
            try {
                switch (config.limits().open(client.getInetAddress(), connection)) {
                    case ConnectionLimits.Refused<Connection> r -> connection.refuse(r.limit());
                    case ConnectionLimits.Admitted<Connection> a -> {
                        // A flood of idle unauthenticated connections cannot starve logged-in users:
                        // at the limit the oldest unauthenticated one makes room (issue 3).
                        a.shed().ifPresent(Connection::abort);
                        try (ConnectionLimits.Lease<Connection> lease = a.lease()) {
                            connection.run(lease);
                        }
                    }
                }
            } finally {
                live.remove(connection);
                permits.release();
                onConnectionEnd.run();
            }
        });
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A set for tracking live connections. */
    public static Set<Connection> newLiveSet() {
        return ConcurrentHashMap.newKeySet();
    }
}
