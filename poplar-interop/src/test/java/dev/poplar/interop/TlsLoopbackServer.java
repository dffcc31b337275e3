// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import dev.poplar.server.Pop3Server;
import dev.poplar.server.Pop3ServerBuilder;
import dev.poplar.testing.InMemoryStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A server with TLS on 127.0.0.1: a plain listener that offers STLS and an implicit-TLS listener, both
 * on ports chosen by the OS, over a fresh in-memory store holding {@link Fixtures}, with
 * {@link TlsFixtures#TOKENS} as its token verifier. For a server without TLS use {@link LoopbackServer}.
 */
final class TlsLoopbackServer implements AutoCloseable {
    private final InMemoryStore store = Fixtures.store();
    private final List<String> uids = store.uids(Fixtures.USER);
    private final Pop3Server server;

    /** The default configuration with the given certificate. */
    TlsLoopbackServer(TlsFixtures.Pair cert) {
        this(cert, UnaryOperator.identity());
    }

    /** With {@code customise} applied to the builder last (e.g. other SASL mechanisms). */
    TlsLoopbackServer(TlsFixtures.Pair cert, UnaryOperator<Pop3ServerBuilder> customise) {
        Pop3ServerBuilder b = Pop3Server.builder().authenticator(store).maildrops(store)
                .tls(cert.load())
                .tokenVerifier(TlsFixtures.TOKENS)
                .listen(new InetSocketAddress(LoopbackServer.HOST, 0))
                .listenTls(new InetSocketAddress(LoopbackServer.HOST, 0))
                // A client that is still connected when the test ends is a test failure, not a reason to wait.
                .shutdownGrace(Duration.ofSeconds(2));
        server = customise.apply(b).start();
    }

    /** The plain listener (STLS). */
    int port() {
        return server.port();
    }

    /** The implicit-TLS listener. */
    int tlsPort() {
        return server.tlsPort();
    }

    InMemoryStore store() {
        return store;
    }

    List<String> uids() {
        return uids;
    }

    @Override
    public void close() {
        server.close();
    }
}
