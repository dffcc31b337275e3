// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 2449 §6.8 LOGIN-DELAY and §8.1.1 [LOGIN-DELAY]. */
class LoginDelayTrackerTest {
    private final FakeTime time = new FakeTime(false);

    @Test
    void aSecondLoginWithinTheDelayIsRefusedWithTheRemainingTime() {
        LoginDelayTracker t = new LoginDelayTracker(Duration.ofMinutes(1), 100, time);
        assertEquals(Duration.ofMinutes(1), t.delay());
        assertEquals(Duration.ZERO, t.tryLogin("alice"));
        time.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(50), t.tryLogin("alice"));
        assertEquals(Duration.ZERO, t.tryLogin("bob"));
        time.advance(Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(30), t.tryLogin("alice")); // a refused login does not restart the delay
        time.advance(Duration.ofSeconds(30));
        assertEquals(Duration.ZERO, t.tryLogin("alice"));
        assertEquals(Duration.ofSeconds(10), t.tryLogin("bob")); // bob logged in at +10 s
    }

    @Test
    void zeroDelayTracksNothing() {
        LoginDelayTracker t = new LoginDelayTracker(Duration.ZERO, 100, time);
        for (int i = 0; i < 10; i++) assertEquals(Duration.ZERO, t.tryLogin("alice"));
        assertEquals(0, t.tracked());
    }

    @Test
    void memoryIsBounded() {
        LoginDelayTracker t = new LoginDelayTracker(Duration.ofMinutes(5), 10, time);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Duration.ZERO, t.tryLogin("user" + i));
            assertTrue(t.tracked() <= 10);
        }
        assertEquals(Duration.ofMinutes(5), t.tryLogin("user999")); // the newest are kept
        time.advance(Duration.ofMinutes(5));
        assertEquals(Duration.ZERO, t.tryLogin("late"));
        assertEquals(1, t.tracked()); // logins older than the delay were dropped
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LoginDelayTracker(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> new LoginDelayTracker(Duration.ofSeconds(1), 0, time));
    }
}
