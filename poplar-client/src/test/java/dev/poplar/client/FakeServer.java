// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A one-connection loopback server that runs a canned script; records every line the client sent. */
final class FakeServer implements AutoCloseable {
    interface Script {
        void run(Peer peer) throws IOException;
    }

    /** The server's side of the connection. */
    static final class Peer {
        private final InputStream in;
        private final OutputStream out;
        private final List<String> received;

        Peer(Socket s, List<String> received) throws IOException {
            this.in = s.getInputStream();
            this.out = s.getOutputStream();
            this.received = received;
        }

        /** The next client line without CRLF, or null at EOF. */
        String read() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int i = 0; i < 100_000; i++) {
                int c = in.read();
                if (c < 0) return null;
                if (c == '\n') break;
                if (c != '\r') b.write(c);
            }
            String line = b.toString(StandardCharsets.UTF_8);
            received.add(line);
            return line;
        }

        /** Reads one client line and checks its prefix. */
        Peer expect(String prefix) throws IOException {
            String line = read();
            if (line == null || !line.startsWith(prefix)) throw new IOException("expected " + prefix + " got " + line);
            return this;
        }

        Peer send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        }
    }

    private final ServerSocket server;
    private final Thread thread;
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile Throwable failure;

    FakeServer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                script.run(new Peer(s, received));
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    ClientConfig.Builder config() {
        return ClientConfig.builder("127.0.0.1").port(port());
    }

    /** Greeting, then CAPA with the given lines. */
    static Peer greet(Peer p, String... capa) throws IOException {
        p.send("+OK ready\r\n").expect("CAPA");
        StringBuilder sb = new StringBuilder("+OK\r\n");
        for (String c : capa) sb.append(c).append("\r\n");
        return p.send(sb.append(".\r\n").toString());
    }

    /** Greeting, CAPA, USER/PASS accepted, CAPA again. */
    static Peer loggedIn(Peer p, String... capa) throws IOException {
        greet(p, capa).expect("USER").send("+OK\r\n").expect("PASS").send("+OK\r\n");
        return greet2(p, capa);
    }

    private static Peer greet2(Peer p, String... capa) throws IOException {
        p.expect("CAPA");
        StringBuilder sb = new StringBuilder("+OK\r\n");
        for (String c : capa) sb.append(c).append("\r\n");
        return p.send(sb.append(".\r\n").toString());
    }

    void join() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
