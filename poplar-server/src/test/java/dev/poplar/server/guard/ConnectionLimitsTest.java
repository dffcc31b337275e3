// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.NetworkSet;
import dev.poplar.server.guard.ConnectionLimits.Admitted;
import dev.poplar.server.guard.ConnectionLimits.Lease;
import dev.poplar.server.guard.ConnectionLimits.Limit;
import dev.poplar.server.guard.ConnectionLimits.Refused;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Total, per-address (IPv6 /64) and per-user limits; shedding the oldest pre-login connection (research §5.1). */
class ConnectionLimitsTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private static Admitted<String> admitted(ConnectionLimits.Admission<String> a) {
        if (a instanceof Admitted<String> ok) return ok;
        return fail("expected admission, got " + a);
    }

    private static Lease<String> open(ConnectionLimits<String> limits, String address, String name) throws Exception {
        Admitted<String> a = admitted(limits.open(ip(address), name));
        assertEquals(Optional.empty(), a.shed());
        return a.lease();
    }

    @Test
    void fullServerShedsTheOldestUnauthenticatedConnection() throws Exception {
        ConnectionLimits<String> limits = ConnectionLimits.builder().maxTotal(3).build();
        Lease<String> a = open(limits, "192.0.2.1", "a");
        Lease<String> b = open(limits, "192.0.2.2", "b");
        Lease<String> c = open(limits, "192.0.2.3", "c");
        assertTrue(a.authenticated("alice"));
        Admitted<String> d = admitted(limits.open(ip("192.0.2.4"), "d"));
        assertEquals(Optional.of("b"), d.shed()); // a is logged in; b is the oldest still in AUTHORIZATION
        assertEquals(3, limits.total());
        b.close(); // the shed connection's own close later changes nothing
        assertEquals(3, limits.total());
        assertFalse(b.authenticated("bob")); // a shed connection cannot log in any more
        assertTrue(c.authenticated("carol"));
        assertTrue(d.lease().authenticated("dave"));
        ConnectionLimits.Admission<String> e = limits.open(ip("192.0.2.5"), "e");
        assertEquals(new Refused<String>(Limit.TOTAL), e); // everybody is logged in
        c.close();
        open(limits, "192.0.2.5", "e");
    }

    @Test
    void perAddressLimitRefusesWithoutShedding() throws Exception {
        ConnectionLimits<String> limits = ConnectionLimits.builder().maxTotal(3).maxPerAddress(2).build();
        Lease<String> first = open(limits, "192.0.2.1", "1");
        open(limits, "192.0.2.1", "2");
        assertEquals(new Refused<String>(Limit.PER_ADDRESS), limits.open(ip("192.0.2.1"), "3"));
        open(limits, "192.0.2.2", "4"); // the total is reached now
        assertEquals(new Refused<String>(Limit.PER_ADDRESS), limits.open(ip("192.0.2.1"), "5")); // nobody shed
        assertEquals(3, limits.total());
        first.close();
        open(limits, "192.0.2.1", "6");
    }

    @Test
    void ipv6IsCountedPerSlash64AndExemptionsAreOptIn() throws Exception {
        ConnectionLimits<String> limits = ConnectionLimits.builder().maxPerAddress(1)
                .exemptFromPerAddress(NetworkSet.parse("10.0.0.0/8")).build();
        open(limits, "2001:db8::1", "a");
        assertEquals(new Refused<String>(Limit.PER_ADDRESS), limits.open(ip("2001:db8::ffff:2"), "b"));
        open(limits, "2001:db8:0:1::1", "c");
        for (int i = 0; i < 5; i++) open(limits, "10.0.0.1", "t" + i);
        ConnectionLimits<String> strict = ConnectionLimits.builder().maxPerAddress(1).build();
        open(strict, "127.0.0.1", "x");
        assertInstanceOf(Refused.class, strict.open(ip("127.0.0.1"), "y")); // trusted networks are not exempt by default
    }

    @Test
    void perUserLimitRefusesTheLoginAndCloseReleasesIt() throws Exception {
        ConnectionLimits<String> limits = ConnectionLimits.builder().maxPerUser(1).build();
        Lease<String> one = open(limits, "192.0.2.1", "1");
        Lease<String> two = open(limits, "192.0.2.2", "2");
        assertTrue(one.authenticated("alice"));
        assertFalse(one.authenticated("bob")); // already logged in
        assertFalse(two.authenticated("alice"));
        assertTrue(two.authenticated("bob"));
        one.close();
        one.close(); // idempotent: alice's count is released once
        Lease<String> three = open(limits, "192.0.2.3", "3");
        Lease<String> four = open(limits, "192.0.2.4", "4");
        assertTrue(three.authenticated("alice"));
        assertFalse(four.authenticated("alice"));
        assertEquals(3, limits.total());
    }

    @Test
    void closeIsIdempotentAndEverythingIsReleased() throws Exception {
        ConnectionLimits<String> limits = ConnectionLimits.builder().maxTotal(2).maxPerAddress(2).maxPerUser(1).build();
        for (int round = 0; round < 3; round++) {
            Lease<String> a = open(limits, "192.0.2.1", "a");
            Lease<String> b = open(limits, "192.0.2.1", "b");
            assertTrue(a.authenticated("alice"));
            a.close();
            a.close();
            b.close();
            assertEquals(0, limits.total());
        }
    }

    @Test
    void concurrentOpenAndCloseBalance() throws Exception {
        ConnectionLimits<String> limits = ConnectionLimits.builder().maxTotal(50).maxPerAddress(5).maxPerUser(3).build();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int n = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        if (limits.open(ip("192.0.2." + (n % 16)), "c" + n + "/" + i) instanceof Admitted<String> a) {
                            try (Lease<String> lease = a.lease()) {
                                lease.authenticated("user" + (i % 4));
                            }
                        }
                        assertTrue(limits.total() <= 50);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(0, limits.total());
        Lease<String> after = open(limits, "192.0.2.1", "after");
        assertTrue(after.authenticated("user0")); // every user count was released
    }
}
