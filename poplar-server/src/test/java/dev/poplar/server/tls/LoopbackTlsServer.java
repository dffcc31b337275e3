// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that does what a POP3 listener will do with {@link TlsConfig}: wrap each accepted
 * socket, run the handshake under a timeout, then echo lines until the client goes away. Each
 * handshake's outcome is queued for the test.
 */
final class LoopbackTlsServer implements AutoCloseable {
    /** A handshake's outcome: the session and the ALPN value, or the failure. */
    record Outcome(SSLSession session, String applicationProtocol, byte[] endPoint, Exception failure) {}

    private final ServerSocket listener;
    private final TlsConfig config;
    private final Duration handshakeTimeout;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

    LoopbackTlsServer(TlsConfig config, Duration handshakeTimeout) throws IOException {
        this.config = config;
        this.handshakeTimeout = handshakeTimeout;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("tls-test-accept").start(this::acceptLoop);
    }

    LoopbackTlsServer(TlsConfig config) throws IOException {
        this(config, Duration.ofSeconds(10));
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The next handshake's outcome; fails after a generous bound. */
    Outcome next() throws InterruptedException {
        Outcome o = outcomes.poll(30, TimeUnit.SECONDS);
        if (o == null) throw new AssertionError("no handshake outcome within 30 s");
        return o;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket plain = listener.accept();
                Thread.ofVirtual().name("tls-test-conn").start(() -> serve(plain));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (SSLSocket tls = config.wrap(plain)) {
            try {
                TlsConfig.handshake(tls, handshakeTimeout);
            } catch (IOException e) {
                outcomes.add(new Outcome(null, null, null, e));
                return;
            }
            SSLSession session = tls.getSession();
            outcomes.add(new Outcome(session, tls.getApplicationProtocol(), TlsConfig.tlsServerEndPoint(session), null));
            BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = tls.getOutputStream();
            for (String line; (line = in.readLine()) != null; ) {
                out.write(("echo " + line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
