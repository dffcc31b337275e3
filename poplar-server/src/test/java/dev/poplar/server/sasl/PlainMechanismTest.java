// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import static dev.poplar.server.sasl.Fakes.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainMechanismTest {

    private final Passwords auth = new Passwords(Map.of("tim", "tanstaaf fy", "jöran", "p\u00E4ss"));
    private final SaslContext ctx = context(auth, null, null, null);

    private SaslStep once(String message) throws StoreException {
        return SaslMechanisms.PLAIN.start(ctx).step(bytes(message));
    }

    @Test
    void initialResponseWithoutAuthzid_rfc4616section2() throws StoreException {
        SaslStep.Success s = success(once("\0tim\0tanstaaf fy"));
        assertEquals(new Account("tim"), s.account());
        assertNull(s.additionalData());
    }

    @Test
    void authzidEqualToAuthcidIsAccepted_rfc4616section2() throws StoreException {
        success(once("tim\0tim\0tanstaaf fy"));
    }

    @Test
    void utf8NamesAndPasswordsAsSent_rfc4616section2() throws StoreException {
        success(once("\0jöran\0p\u00E4ss"));
        // no SASLprep for PLAIN here: the authenticator gets exactly what the client sent
        assertFailure(once("\0jöran\0pa\u0308ss"), "jöran", false);
    }

    @Test
    void withoutInitialResponseAnEmptyChallengeComesFirst_rfc4422section5() throws StoreException {
        SaslExchange x = SaslMechanisms.PLAIN.start(ctx);
        assertEquals(0, challenge(x.step(null)).data().length);
        success(x.step(bytes("\0tim\0tanstaaf fy")));
        assertFailure(x.step(bytes("\0tim\0tanstaaf fy")), null, true); // the exchange is over
    }

    @Test
    void wrongPasswordOrUnknownUser() throws StoreException {
        assertFailure(once("\0tim\0tanstaaf"), "tim", false);
        assertFailure(once("\0nobody\0tanstaaf fy"), "nobody", false);
    }

    @Test
    void proxyAuthorizationIsRefusedWithoutCheckingThePassword_rfc4616section2() throws StoreException {
        assertFailure(once("root\0tim\0tanstaaf fy"), "tim", false);
        assertTrue(auth.calls().isEmpty());
    }

    @Test
    void malformedMessages_rfc4616section2() throws StoreException {
        assertFailure(once(""), null, true);
        assertFailure(once("tim tanstaaf"), null, true);
        assertFailure(once("\0tim"), null, true);
        assertFailure(once("\0tim\0pw\0"), null, true);
        assertFailure(once("\0\0pw"), null, true);
        assertFailure(once("\0tim\0"), "tim", true);
        assertFailure(once("\0ti\nm\0pw"), null, true);
        assertFailure(SaslMechanisms.PLAIN.start(ctx).step(new byte[] {0, 't', 0, (byte) 0xC3, 0x28}), null, true);
        assertFailure(SaslMechanisms.PLAIN.start(ctx).step(new byte[] {0, (byte) 0xC0, (byte) 0xAF, 0, 'p'}), null, true);
        assertFailure(once("\0" + "u".repeat(256) + "\0pw"), null, true);
        assertFailure(once("\0tim\0" + "p".repeat(SaslCodec.MAX_RESPONSE_OCTETS)), null, true);
        assertTrue(auth.calls().isEmpty());
    }

    @Test
    void longestAcceptedUserName_rfc4616section2() throws StoreException {
        assertFailure(once("\0" + "u".repeat(255) + "\0pw"), "u".repeat(255), false);
    }

    @Test
    void storeFailurePropagates() {
        SaslContext broken = context((u, p) -> {
            throw StoreException.temporary("down", null);
        }, null, null, null);
        assertThrows(StoreException.class, () -> SaslMechanisms.PLAIN.start(broken).step(bytes("\0tim\0pw")));
    }

    @Test
    void availability() {
        assertTrue(SaslMechanisms.PLAIN.isAvailable(ctx));
        assertFalse(SaslMechanisms.PLAIN.isAvailable(context(null, null, null, null)));
        assertTrue(SaslMechanisms.PLAIN.sendsPassword());
        assertEquals("PLAIN", SaslMechanisms.PLAIN.name());
    }
}
