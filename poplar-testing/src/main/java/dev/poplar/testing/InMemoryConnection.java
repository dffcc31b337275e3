// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing;

import dev.poplar.server.Pop3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A POP3 session with a server over in-memory pipes instead of a socket: the same code path as a real
 * connection, without the network. The session runs on its own virtual thread. Closing ends the
 * session as a dropped connection would. Used by one test thread.
 */
public final class InMemoryConnection implements AutoCloseable {
    private static final int PIPE_BUFFER = 256 * 1024;

    private final PipedInputStream fromServer;
    private final PipedOutputStream toServer;
    private final Thread session;

    private InMemoryConnection(Pop3Server server) throws IOException {
        PipedInputStream serverIn = new PipedInputStream(PIPE_BUFFER);
        this.toServer = new PipedOutputStream(serverIn);
        this.fromServer = new PipedInputStream(PIPE_BUFFER);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 110);
        AutoCloseable transport = () -> {
            serverOut.close();
            serverIn.close();
        };
        this.session = Thread.ofVirtual().name("pop3-in-memory").start(
                () -> server.serve(serverIn, serverOut, transport, client, local));
    }

    /** Starts a session with the server (which need not be listening on any port). */
    public static InMemoryConnection open(Pop3Server server) throws IOException {
        return new InMemoryConnection(server);
    }

    /** What the server writes. */
    public InputStream in() {
        return fromServer;
    }

    /** What the server reads. */
    public OutputStream out() {
        return toServer;
    }

    /** Waits (bounded) for the session thread to end; true if it has. */
    public boolean awaitEnd(long millis) throws InterruptedException {
        return session.join(java.time.Duration.ofMillis(millis));
    }

    @Override
    public void close() throws IOException {
        toServer.close();
        fromServer.close();
    }
}
