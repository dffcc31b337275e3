// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A scriptable POP3 server for testing POP3 clients, in the spirit of OkHttp's MockWebServer. By
 * default it is a correct RFC 1939/2449 server over an in-memory {@link ScriptedMailbox}: greeting,
 * CAPA, USER/PASS, APOP (when the greeting has a timestamp), STLS (when given an {@link SSLContext}),
 * STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP, QUIT, with CRLF framing and dot-stuffing, deletions
 * committed only by QUIT. Each {@link Fault} added to the builder breaks one thing on purpose.
 *
 * <pre>{@code
 * try (ScriptedPop3Server server = ScriptedPop3Server.builder()
 *         .user("alice", "secret")
 *         .message("uid-1", "Subject: a\r\n\r\nhello\r\n")
 *         .fault(Fault.cutRetr(1, 10), Fault.commitThenDropOnQuit())
 *         .start()) {
 *     client.connect("127.0.0.1", server.port());
 *     ...
 *     assertEquals(List.of(), server.mailbox().deletedUids());
 * }
 * }</pre>
 *
 * Binds 127.0.0.1 on an ephemeral port; every connection runs on its own virtual thread. Thread-safe:
 * start, inspect and close from any test thread. {@link #commands()} holds every line received,
 * passwords included, so keep it in tests.
 */
public final class ScriptedPop3Server implements AutoCloseable {

    /** What a session needs; immutable. */
    record Config(ScriptedMailbox mailbox, Map<String, String> users, List<Fault> faults, SSLContext tls, boolean implicitTls) {
        <T extends Fault> Optional<T> find(Class<T> type) {
            return faults.stream().filter(type::isInstance).map(type::cast).findFirst();
        }

        <T extends Fault> List<T> all(Class<T> type) {
            return faults.stream().filter(type::isInstance).map(type::cast).toList();
        }

        boolean has(Class<? extends Fault> type) {
            return find(type).isPresent();
        }
    }

    private final Config config;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ScriptedPop3Server(Config config) throws IOException {
        this.config = config;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.listener = config.implicitTls()
                ? config.tls().getServerSocketFactory().createServerSocket(0, 50, loopback)
                : new ServerSocket(0, 50, loopback);
        this.acceptor = Thread.ofVirtual().name("scripted-pop3-accept-" + listener.getLocalPort()).unstarted(this::acceptLoop);
        acceptor.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return listener.getLocalPort();
    }

    public ScriptedMailbox mailbox() {
        return config.mailbox();
    }

    /** Every command line received, over all connections, in arrival order, secrets intact. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** How many connections were accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Stops accepting, closes every open connection (ending stalls) and waits for the sessions. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) closeQuietly(s);
        try {
            acceptor.join();
            for (Thread t : sessions) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            open.add(socket);
            Thread t = Thread.ofVirtual().name("scripted-pop3-session").unstarted(() -> {
                try {
                    new ScriptedSession(config, socket, commands::add).run();
                } finally {
                    closeQuietly(socket);
                    open.remove(socket);
                    sessions.remove(Thread.currentThread());
                }
            });
            sessions.add(t);
            t.start();
            if (closed.get()) closeQuietly(socket);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Configures and starts a server. Not thread-safe; use from one thread. */
    public static final class Builder {
        private final ScriptedMailbox mailbox = new ScriptedMailbox();
        private final Map<String, String> users = new LinkedHashMap<>();
        private final List<Fault> faults = new ArrayList<>();
        private SSLContext tls;
        private boolean implicitTls;

        private Builder() {}

        /** Adds a message; content may use CRLF or LF line ends. */
        public Builder message(String uid, String content) {
            return message(uid, content.getBytes(StandardCharsets.UTF_8));
        }

        public Builder message(String uid, byte[] content) {
            mailbox.add(uid, content);
            return this;
        }

        /** Accepts this user; with no user added, any name and password log in. */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        public Builder fault(Fault... faults) {
            this.faults.addAll(List.of(faults));
            return this;
        }

        /** Offers STLS, upgrading with this context (server mode). */
        public Builder tls(SSLContext context) {
            this.tls = context;
            this.implicitTls = false;
            return this;
        }

        /** Speaks TLS from the first byte (port-995 style) with this context. */
        public Builder implicitTls(SSLContext context) {
            this.tls = context;
            this.implicitTls = true;
            return this;
        }

        public ScriptedPop3Server start() throws IOException {
            return new ScriptedPop3Server(new Config(mailbox, Map.copyOf(users), List.copyOf(faults), tls, implicitTls));
        }
    }
}
