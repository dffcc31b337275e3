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

/**
 * Accepts connections on one bound socket and runs each on a new virtual thread. A connection permit is
 * taken before {@code accept()}, so the server never holds more sessions than it allows (design.md,
 * principle 1). Thread-safe: {@link #close()} may be called from any thread.
 */
public final class Listener implements Runnable, AutoCloseable {
    private static final Logger LOG = System.getLogger(Listener.class.getName());

    private final ServerSocket socket;
    private final ServerConfig config;
    private final Semaphore permits;
    private final Set<Connection> live;
    private final Runnable onConnectionEnd;

    public Listener(ServerSocket socket, ServerConfig config, Semaphore permits, Set<Connection> live, Runnable onConnectionEnd) {
        this.socket = socket;
        this.config = config;
        this.permits = permits;
        this.live = live;
        this.onConnectionEnd = onConnectionEnd;
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
        Connection connection = new Connection(config, client.getInputStream(), client.getOutputStream(), client,
                (InetSocketAddress) client.getRemoteSocketAddress(), (InetSocketAddress) client.getLocalSocketAddress(), false);
        live.add(connection);
        Thread.ofVirtual().name("pop3-" + client.getPort()).start(() -> {
            try {
                connection.run();
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
