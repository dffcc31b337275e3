// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import static dev.poplar.server.sasl.Fakes.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XOAuth2MechanismTest {

    private static final String TOKEN = "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg";
    private final Tokens tokens = new Tokens(Map.of(TOKEN, "someuser@example.com", "tok-\u00E9", "x"));
    private final SaslContext ctx = context(null, null, tokens, null);

    private SaslStep once(String message) throws StoreException {
        return SaslMechanisms.XOAUTH2.start(ctx).step(bytes(message));
    }

    @Test
    void googleFormat_xoauth2() throws StoreException {
        SaslStep.Success s = success(once("user=someuser@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001"));
        assertEquals(new Account("someuser@example.com"), s.account());
        assertNull(s.additionalData());
        assertEquals(List.of("someuser@example.com"), tokens.seenUsers());
    }

    @Test
    void withoutInitialResponseAnEmptyChallengeComesFirst() throws StoreException {
        SaslExchange x = SaslMechanisms.XOAUTH2.start(ctx);
        assertEquals(0, challenge(x.step(null)).data().length);
        success(x.step(bytes("auth=Bearer " + TOKEN + "\u0001user=someuser@example.com\u0001\u0001")));
    }

    @Test
    void invalidTokenGetsAJsonErrorChallengeThenFailure_xoauth2() throws StoreException {
        SaslExchange x = SaslMechanisms.XOAUTH2.start(ctx);
        String json = challengeText(x.step(bytes("user=someuser@example.com\u0001auth=Bearer nope\u0001\u0001")));
        assertEquals("{\"status\":\"401\",\"schemes\":\"bearer\"}", json);
        assertFailure(x.step(new byte[0]), "someuser@example.com", false);
        SaslExchange y = SaslMechanisms.XOAUTH2.start(ctx);
        challenge(y.step(bytes("user=other@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001")));
        assertFailure(y.step(new byte[] {1}), "other@example.com", true);
    }

    @Test
    void utf8UserNames() throws StoreException {
        challenge(once("user=j\u00F6ran@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001"));
        assertEquals(List.of("j\u00F6ran@example.com"), tokens.seenUsers());
    }

    @Test
    void malformedMessages() throws StoreException {
        String[] bad = {"", "\u0001", "user=a\u0001\u0001", "auth=Bearer a\u0001\u0001", "user=\u0001auth=Bearer a\u0001\u0001",
            "user=a\u0001auth=Bearer a\u0001", "user=a\u0001auth=Bearer a", "user=a\u0001auth=Bearer a\u0001\u0001x",
            "user=a\u0001auth=Basic a\u0001\u0001", "user=a\u0001user=b\u0001auth=Bearer a\u0001\u0001",
            "n,a=a,\u0001auth=Bearer a\u0001\u0001", "user=a\tb\u0001auth=Bearer a\u0001\u0001",
            "user=" + "u".repeat(256) + "\u0001auth=Bearer a\u0001\u0001"};
        for (String m : bad) {
            SaslStep.Failure f = assertInstanceOf(SaslStep.Failure.class, once(m), m);
            assertTrue(f.malformed(), m);
        }
        assertFailure(once("user=a\u0001auth=Bearer tok-\u00E9\u0001\u0001"), "a", true);
        assertTrue(tokens.seenUsers().isEmpty());
    }

    @Test
    void availability() {
        assertTrue(SaslMechanisms.XOAUTH2.isAvailable(ctx));
        assertFalse(SaslMechanisms.XOAUTH2.isAvailable(context(new Passwords(Map.of()), null, null, null)));
        assertTrue(SaslMechanisms.XOAUTH2.sendsPassword());
    }
}
