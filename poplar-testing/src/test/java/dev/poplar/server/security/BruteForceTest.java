// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.NetworkSet;
import dev.poplar.server.Pop3Server;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.testing.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Password guessing against the brute-force guard (protocol.md §6, research §5, {@code LoginGuard}).
 * The guard's clock and sleeper are fake: the tests assert the waits it asked for, never elapsed time.
 * No network is trusted, so loopback is treated as any client; logins go over implicit TLS, where
 * passwords are allowed.
 */
@Timeout(60)
class BruteForceTest {
    private static final String AUTH_FAILED = "-ERR [AUTH] Invalid user name or password.";

    /** Counts credential checks and, while armed, holds each until {@code parties} checks are running at once. */
    private static final class GatedAuthenticator implements Authenticator {
        final InMemoryStore store;
        final AtomicInteger checks = new AtomicInteger();
        volatile CountDownLatch gate;

        GatedAuthenticator(InMemoryStore store) {
            this.store = store;
        }

        void arm(int parties) {
            gate = new CountDownLatch(parties);
        }

        @Override
        public Optional<Account> authenticate(String user, String password) {
            checks.incrementAndGet();
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown();
                try {
                    g.await(20, TimeUnit.SECONDS); // bounded: a missing party fails the assertions, not the build
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return store.authenticate(user, password);
        }
    }

    private static Pop3Server guarded(Authenticator auth, InMemoryStore store, FakeTime time) {
        return Pop3Server.builder().authenticator(auth).maildrops(store).listenTls(Loopback.anyPort()).tls(Loopback.tls())
                .trustedNetworks(NetworkSet.NONE).loginGuard(time.guard()).shutdownGrace(java.time.Duration.ZERO).start();
    }

    private static String attempt(Pop3Server server, String password) throws Exception {
        try (Client c = Client.tls(server.tlsPort())) {
            c.greeting();
            return c.login("alice", password);
        }
    }

    @Test
    void successiveFailuresFromOneAddressEscalateTo15Seconds_protocol6() throws Exception {
        // Attack: sequential password guessing from one address, one connection per guess.
        FakeTime time = new FakeTime(true);
        InMemoryStore store = Loopback.store();
        try (Pop3Server server = guarded(store, store, time)) {
            for (int i = 1; i <= 5; i++) assertEquals(AUTH_FAILED, attempt(server, "guess-" + i));
        }
        assertEquals(FakeTime.seconds(2, 4, 8, 15, 15), time.seconds());
    }

    @Test
    void afterTenFailuresEvenTheRightPasswordIsRefusedUnchecked_protocol6() throws Exception {
        // Attack: keep guessing until the right password comes up; by then the address is blocked.
        FakeTime time = new FakeTime(true);
        InMemoryStore store = Loopback.store();
        GatedAuthenticator auth = new GatedAuthenticator(store);
        try (Pop3Server server = guarded(auth, store, time)) {
            try (Client c = Client.tls(server.tlsPort())) {
                c.greeting();
                for (int i = 1; i <= 10; i++) assertEquals(AUTH_FAILED, c.login("alice", "guess-" + i), "guess " + i);
                assertEquals(10, auth.checks.get());
                assertEquals(AUTH_FAILED, c.login("alice", "secret"), "same reply as a wrong password");
            }
            assertEquals(AUTH_FAILED, attempt(server, "secret"), "and on a new connection");
            assertEquals(10, auth.checks.get(), "a blocked address gets no credential check at all");
        }
        assertEquals(FakeTime.seconds(2, 4, 8, 15, 15, 15, 15, 15, 15, 15, 15, 15), time.seconds(),
                "the refused attempts wait like failures, so the block does not show in the timing");
    }

    @Test
    void repeatingTheSameWrongPasswordDoesNotEscalate_protocol6() throws Exception {
        // Attack (control): a client retrying a stale password is not an attacker to punish ever harder.
        FakeTime time = new FakeTime(true);
        InMemoryStore store = Loopback.store();
        try (Pop3Server server = guarded(store, store, time)) {
            for (int i = 0; i < 12; i++) assertEquals(AUTH_FAILED, attempt(server, "stale-password"));
            assertTrue(attempt(server, "secret").startsWith("+OK"), "never blocked by one repeated password");
        }
        assertTrue(time.seconds().stream().allMatch(s -> s == 2), time.seconds().toString());
    }

    @Test
    void parallelGuessesFromOneAddressShareOnePenalty_protocol6() throws Exception {
        // Attack: 8 connections guess at the same instant, hoping each is charged only the first delay
        // (the parallel-lookup gap Dovecot documents); then 2 more while the penalty still runs.
        FakeTime time = new FakeTime(false); // everything happens at one instant
        InMemoryStore store = Loopback.store();
        GatedAuthenticator auth = new GatedAuthenticator(store);
        try (Pop3Server server = guarded(auth, store, time); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            auth.arm(8); // all 8 are admitted (no penalty yet) and checking before any failure is recorded
            assertAllFail(pool, server, 8, "round1-");
            assertEquals(FakeTime.seconds(2, 4, 8, 15, 15, 15, 15, 15), time.sortedSince(0),
                    "each concurrent failure escalates the shared penalty");
            int before = time.seconds().size();
            auth.arm(2);
            assertAllFail(pool, server, 2, "round2-");
            // Each attempt reserves the next turn before its check: the first queues behind the running
            // 15 s penalty, the second behind the first's turn as well; then each failure waits 15 s.
            assertEquals(FakeTime.seconds(15, 15, 15, 30), time.sortedSince(before));
        }
    }

    private static void assertAllFail(ExecutorService pool, Pop3Server server, int n, String prefix) throws Exception {
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String password = prefix + i;
            replies.add(pool.submit(() -> attempt(server, password)));
        }
        for (Future<String> f : replies) assertEquals(AUTH_FAILED, f.get(30, TimeUnit.SECONDS));
    }

    @Test
    void loopbackIsExemptWhenTrustedNetworksAreTheDefault_protocol6() throws Exception {
        // Attack (control): with the default trusted networks a local client (webmail on the same host) is
        // never delayed or blocked. The default guard sleeps for real, so a delay would exceed @Timeout.
        InMemoryStore store = Loopback.store();
        try (Pop3Server server = Loopback.plain(store).start(); Client c = Client.plain(server.port())) {
            c.greeting();
            for (int i = 1; i <= 12; i++) assertEquals(AUTH_FAILED, c.login("alice", "guess-" + i));
            assertTrue(c.login("alice", "secret").startsWith("+OK"), "not blocked after 12 failures");
        }
        FakeTime time = new FakeTime(true);
        try (Pop3Server server = Loopback.plain(store).loginGuard(time.guard(NetworkSet.LOOPBACK)).start();
             Client c = Client.plain(server.port())) {
            c.greeting();
            for (int i = 1; i <= 3; i++) assertEquals(AUTH_FAILED, c.login("alice", "again-" + i));
        }
        assertEquals(List.of(), time.seconds(), "a guard exempting loopback asks for no wait at all");
    }
}
