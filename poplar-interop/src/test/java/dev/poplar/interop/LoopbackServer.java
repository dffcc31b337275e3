// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import dev.poplar.server.Pop3Server;
import dev.poplar.testing.InMemoryStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A server on 127.0.0.1, port chosen by the OS, over a fresh in-memory store holding {@link Fixtures}.
 * Loopback also makes USER/PASS allowed without TLS (protocol.md §6).
 */
final class LoopbackServer implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final InMemoryStore store = Fixtures.store();
    private final List<String> uids = store.uids(Fixtures.USER);
    private final Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store)
            .listen(new InetSocketAddress(HOST, 0))
            // A client that is still connected when the test ends is a test failure, not a reason to wait.
            .shutdownGrace(Duration.ofSeconds(2))
            .start();

    int port() {
        return server.port();
    }

    InMemoryStore store() {
        return store;
    }

    /** The unique-id of a message number as delivered (UIDL must show these, protocol.md §3). */
    String uid(int messageNumber) {
        return uids.get(messageNumber - 1);
    }

    List<String> uids() {
        return uids;
    }

    /** The URL prefix that curl and friends take. */
    String pop3Url() {
        return "pop3://" + HOST + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.close();
    }
}
