// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.NetworkSet;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** protocol.md §6 brute-force policy; research §5.1 (Dovecot anvil) and §5.3. */
class LoginGuardTest {
    private final FakeTime time = new FakeTime(true);

    private LoginGuard.Builder guard(FakeTime t) {
        return LoginGuard.builder().nanoTime(t).sleeper(t).exempt(NetworkSet.NONE);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private static byte[] pw(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void failuresEscalate2_4_8_15_15() throws Exception {
        LoginGuard g = guard(time).build();
        InetAddress a = ip("192.0.2.1");
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assertFalse(g.admit(a).refused());
            delays.add(g.failed(a, "alice", pw("guess" + i)));
        }
        assertEquals(List.of(s(2), s(4), s(8), s(15), s(15), s(15)), delays);
        assertEquals(delays, time.sleeps); // the guard itself slept each delay; admissions did not wait
    }

    @Test
    void blockedAfterNFailuresWithinWindowThenReleased() throws Exception {
        LoginGuard g = guard(time).build();
        InetAddress a = ip("192.0.2.1");
        for (int i = 0; i < LoginGuard.FAILURES_BEFORE_BLOCK; i++) {
            assertFalse(g.admit(a).refused(), "attempt " + i);
            g.failed(a, "alice", pw("guess" + i));
        }
        LoginGuard.Admission refused = g.admit(a);
        assertTrue(refused.refused());
        assertEquals(s(15), refused.waited()); // as long as a failure's delay: timing does not reveal the block
        assertFalse(g.admit(ip("192.0.2.2")).refused());
        time.advance(LoginGuard.BLOCK_PERIOD.minus(s(31)));
        assertTrue(g.admit(a).refused()); // still blocked just before the period ends
        time.advance(s(31));
        LoginGuard.Admission again = g.admit(a);
        assertFalse(again.refused());
        assertEquals(s(2), g.failed(a, "alice", pw("new")));
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotBlock() throws Exception {
        LoginGuard g = guard(time).block(3, Duration.ofMinutes(15), Duration.ofMinutes(15)).build();
        InetAddress a = ip("192.0.2.1");
        for (int i = 0; i < 10; i++) {
            assertFalse(g.admit(a).refused(), "attempt " + i);
            assertEquals(s(2), g.failed(a, "alice", pw("guess" + i))); // a quiet window resets the escalation too
            time.advance(Duration.ofMinutes(15));
        }
        g.failed(a, "alice", pw("x"));
        time.advance(Duration.ofMinutes(14));
        g.failed(a, "alice", pw("y"));
        g.failed(a, "alice", pw("z"));
        assertTrue(g.admit(a).refused());
    }

    @Test
    void windowExpiryResetsEscalation() throws Exception {
        LoginGuard g = guard(time).build();
        InetAddress a = ip("192.0.2.1");
        assertEquals(s(2), g.failed(a, "u", pw("1")));
        assertEquals(s(4), g.failed(a, "u", pw("2")));
        assertEquals(s(8), g.failed(a, "u", pw("3")));
        time.advance(LoginGuard.WINDOW.minusSeconds(10)); // the last failure was 8 s + this ago
        assertEquals(s(15), g.failed(a, "u", pw("4")));
        time.advance(LoginGuard.WINDOW);
        assertEquals(s(2), g.failed(a, "u", pw("5")));
    }

    @Test
    void ipv6IsGroupedBySlash64AndIpv4ByAddress() throws Exception {
        LoginGuard g = guard(time).build();
        assertEquals(s(2), g.failed(ip("2001:db8:1:2::1"), "u", pw("1")));
        assertEquals(s(4), g.failed(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"), "u", pw("2")));
        assertEquals(s(2), g.failed(ip("2001:db8:1:3::1"), "u", pw("3")));
        assertEquals(s(2), g.failed(ip("192.0.2.1"), "u", pw("4")));
        assertEquals(s(2), g.failed(ip("192.0.2.2"), "u", pw("5")));
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 192, 0, 2, 1};
        assertEquals(s(4), g.failed(Inet6Address.getByAddress(null, mapped, -1), "u", pw("6")));
        assertEquals(4, g.tracked());
    }

    @Test
    void exemptNetworksAreNeitherDelayedNorBlockedNorTracked() throws Exception {
        LoginGuard g = guard(time).exempt(NetworkSet.parse("loopback, 10.0.0.0/8")).build();
        for (InetAddress a : new InetAddress[] {ip("10.1.2.3"), ip("127.0.0.1"), ip("::1")}) {
            for (int i = 0; i < 30; i++) {
                assertFalse(g.admit(a).refused());
                assertEquals(Duration.ZERO, g.failed(a, "u", pw("guess" + i)));
            }
        }
        assertTrue(time.sleeps.isEmpty());
        assertEquals(0, g.tracked());
        // and by default loopback is exempt (protocol.md §6)
        LoginGuard d = LoginGuard.builder().nanoTime(time).sleeper(time).build();
        assertEquals(Duration.ZERO, d.failed(ip("127.0.0.1"), "u", pw("x")));
        assertEquals(s(2), d.failed(ip("192.0.2.1"), "u", pw("x")));
    }

    @Test
    void identicalRepeatDoesNotEscalateNorCountTowardTheBlock() throws Exception {
        LoginGuard g = guard(time).block(3, LoginGuard.WINDOW, LoginGuard.BLOCK_PERIOD).build();
        InetAddress a = ip("192.0.2.1");
        for (int i = 0; i < 20; i++) assertEquals(s(2), g.failed(a, "alice", pw("stale")));
        assertFalse(g.admit(a).refused());
        assertEquals(s(4), g.failed(a, "alice", pw("other")));
        assertEquals(s(4), g.failed(a, "alice", pw("stale"))); // a repeat keeps the current level
        assertEquals(s(8), g.failed(a, "bob", pw("stale")));   // another user is another attempt
        assertTrue(g.admit(a).refused());
    }

    @Test
    void successRestartsEscalationButKeepsTheFailureCount() throws Exception {
        LoginGuard g = guard(time).block(3, LoginGuard.WINDOW, LoginGuard.BLOCK_PERIOD).build();
        InetAddress a = ip("192.0.2.1");
        assertEquals(s(2), g.failed(a, "u", pw("1")));
        assertEquals(s(4), g.failed(a, "u", pw("2")));
        g.succeeded(a);
        assertEquals(s(2), g.failed(a, "u", pw("3")));
        assertTrue(g.admit(a).refused());
    }

    @Test
    void aNewAttemptWaitsForTheRunningPenalty() throws Exception {
        FakeTime frozen = new FakeTime(false); // the failure's sleep is recorded, not spent: its penalty still runs
        LoginGuard g = guard(frozen).build();
        InetAddress a = ip("192.0.2.1");
        assertEquals(Duration.ZERO, g.admit(a).waited());
        assertEquals(s(2), g.failed(a, "u", pw("1")));
        assertEquals(s(2), g.admit(ip("192.0.2.1")).waited()); // another connection, same address
        assertEquals(Duration.ZERO, g.admit(ip("192.0.2.9")).waited());
    }

    @Test
    void parallelAttemptsFromOneAddressQueueAndEscalate() throws Exception {
        FakeTime frozen = new FakeTime(false);
        LoginGuard g = guard(frozen).build();
        InetAddress a = ip("2001:db8::7");
        g.failed(a, "u", pw("first"));
        int threads = 32;
        CyclicBarrier admitted = new CyclicBarrier(threads);
        List<Duration> waits = new CopyOnWriteArrayList<>();
        List<Duration> delays = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    InetAddress mine = ip("2001:db8::" + Integer.toHexString(n + 100)); // same /64
                    LoginGuard.Admission adm = g.admit(mine);
                    assertFalse(adm.refused());
                    waits.add(adm.waited());
                    admitted.await(10, TimeUnit.SECONDS); // everyone is admitted before anyone fails
                    delays.add(g.failed(mine, "u", pw("guess" + n)));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(10, TimeUnit.SECONDS);
        }
        List<Duration> sorted = new ArrayList<>(waits);
        Collections.sort(sorted);
        assertEquals(s(2), sorted.get(0)); // the first waits out the running penalty
        for (int i = 1; i < threads; i++) {
            assertEquals(s(4), sorted.get(i).minus(sorted.get(i - 1)), "each queues one slot behind the previous");
        }
        List<Duration> sortedDelays = new ArrayList<>(delays);
        Collections.sort(sortedDelays);
        assertEquals(List.of(s(4), s(8)), sortedDelays.subList(0, 2));
        assertTrue(sortedDelays.subList(2, threads).stream().allMatch(s(15)::equals));
        assertTrue(g.admit(a).refused()); // 33 distinct failures within the window
    }

    @Test
    void floodOfAddressesStaysUnderTheCap() throws Exception {
        FakeTime frozen = new FakeTime(false);
        LoginGuard g = guard(frozen).maxTracked(100).build();
        for (int i = 0; i < 5_000; i++) {
            g.failed(ip("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF)), "u", pw("p"));
            g.failed(ip("2001:db8:" + Integer.toHexString(i) + "::1"), "u", pw("p"));
            assertTrue(g.tracked() <= 100);
        }
        assertEquals(100, g.tracked());
        g.admit(ip("198.51.100.1"));
        g.succeeded(ip("198.51.100.1"));
        assertEquals(100, g.tracked()); // admissions and successes never add entries
    }

    @Test
    void expiredEntriesAreDroppedFirst() throws Exception {
        LoginGuard g = guard(time).build();
        for (int i = 0; i < 40; i++) g.failed(ip("192.0.2." + i), "u", pw("p"));
        time.advance(LoginGuard.WINDOW);
        for (int i = 0; i < 4; i++) g.failed(ip("198.51.100." + i), "u", pw("p"));
        assertEquals(4, g.tracked());
    }
}
