// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import static dev.poplar.server.sasl.Fakes.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuthBearerMechanismTest {

    private static final String TOKEN = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";
    private final Tokens tokens = new Tokens(Map.of(TOKEN, "user@example.com", "jwt.part-two_x~y+z/w", "other@example.com"));
    private final SaslContext ctx = context(null, null, tokens, null);

    private SaslStep once(String message) throws StoreException {
        return SaslMechanisms.OAUTHBEARER.start(ctx).step(bytes(message));
    }

    @Test
    void theExampleMessage_rfc7628section4_1() throws StoreException {
        String msg = "n,a=user@example.com,\u0001host=server.example.com\u0001port=143\u0001auth=Bearer " + TOKEN + "\u0001\u0001";
        SaslStep.Success s = success(once(msg));
        assertEquals(new Account("user@example.com"), s.account());
        assertNull(s.additionalData());
        assertEquals(List.of("user@example.com"), tokens.seenUsers());
    }

    @Test
    void withoutAuthzidTheTokenDecides_rfc7628section3_1() throws StoreException {
        assertEquals(new Account("other@example.com"), success(once("n,,\u0001auth=Bearer jwt.part-two_x~y+z/w\u0001\u0001")).account());
        assertEquals(List.of(""), tokens.seenUsers());
        // scheme is case-insensitive (RFC 7628 §4 via RFC 7235), "y" is accepted, unknown keys ignored
        success(once("y,a=user@example.com,\u0001auth=bearer  " + TOKEN + "\u0001x=\u0001\u0001"));
    }

    @Test
    void withoutInitialResponseAnEmptyChallengeComesFirst_rfc7628section3_2() throws StoreException {
        SaslExchange x = SaslMechanisms.OAUTHBEARER.start(ctx);
        assertEquals(0, challenge(x.step(null)).data().length);
        success(x.step(bytes("n,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001")));
    }

    @Test
    void invalidTokenGetsAnErrorChallengeThenFailure_rfc7628section3_2_2() throws StoreException {
        SaslExchange x = SaslMechanisms.OAUTHBEARER.start(ctx);
        SaslStep step = x.step(bytes("n,a=user@example.com,\u0001auth=Bearer expired\u0001\u0001"));
        assertEquals("{\"status\":\"invalid_token\"}", challengeText(step));
        assertFailure(x.step(new byte[] {1}), "user@example.com", false);
        assertFailure(x.step(new byte[] {1}), "user@example.com", true);
        // a token for somebody else is invalid for this user
        SaslExchange y = SaslMechanisms.OAUTHBEARER.start(ctx);
        challenge(y.step(bytes("n,a=user@example.com,\u0001auth=Bearer jwt.part-two_x~y+z/w\u0001\u0001")));
        // anything but the single %x01 after the error is malformed (but still a failure)
        assertFailure(y.step(new byte[0]), "user@example.com", true);
    }

    @Test
    void malformedMessages_rfc7628section3_1() throws StoreException {
        String ok = "\u0001auth=Bearer " + TOKEN + "\u0001\u0001";
        String[] bad = {"", "\u0001", "n,,", "n,," + ok.substring(0, ok.length() - 1), "n,," + ok + "x", "n," + ok,
            "p=tls-server-end-point,," + ok, "n,,\u0001auth=Basic dXNlcjpwYXNz\u0001\u0001", "n,,\u0001auth=Bearer\u0001\u0001",
            "n,,\u0001auth=Bearer \u0001\u0001", "n,,\u0001auth=Bearer a b\u0001\u0001", "n,,\u0001auth=Bearer a=b\u0001\u0001",
            "n,,\u0001host=x\u0001\u0001", "n,,\u0001auth=Bearer a\u0001auth=Bearer a\u0001\u0001",
            "n,,\u0001au1th=x\u0001auth=Bearer a\u0001\u0001", "n,,\u0001=x\u0001auth=Bearer a\u0001\u0001",
            "n,,\u0001auth\u0001\u0001", "n,,\u0001x=\u0002\u0001auth=Bearer a\u0001\u0001", "n,,\u0001x=\u00E9\u0001auth=Bearer a\u0001\u0001",
            "n,,auth=Bearer a\u0001\u0001", "n,a=us=er,\u0001auth=Bearer a\u0001\u0001", "n,a=u\nser," + ok,
            "n,,\u0001auth=Bearer a\uFF21\u0001\u0001"};
        for (String m : bad) {
            SaslStep.Failure f = assertInstanceOf(SaslStep.Failure.class, once(m), m);
            assertTrue(f.malformed(), m);
        }
        assertFailure(once("n,a=u,\u0001auth=Bearer a\u0001\u0001\u0001"), "u", true);
        assertFailure(SaslMechanisms.OAUTHBEARER.start(ctx).step(new byte[] {'n', ',', ',', 1, (byte) 0xFF, 1, 1}), null, true);
        assertFailure(once("n,,\u0001auth=Bearer " + "a".repeat(SaslCodec.MAX_RESPONSE_OCTETS) + "\u0001\u0001"), null, true);
        assertTrue(tokens.seenUsers().isEmpty(), "nothing malformed reaches the verifier");
    }

    @Test
    void verifierFailurePropagates() {
        SaslContext broken = context(null, null, BROKEN_TOKENS, null);
        assertThrows(StoreException.class,
                () -> SaslMechanisms.OAUTHBEARER.start(broken).step(bytes("n,,\u0001auth=Bearer a\u0001\u0001")));
    }

    @Test
    void availability() {
        assertTrue(SaslMechanisms.OAUTHBEARER.isAvailable(ctx));
        assertFalse(SaslMechanisms.OAUTHBEARER.isAvailable(context(new Passwords(Map.of()), null, null, null)));
        assertTrue(SaslMechanisms.OAUTHBEARER.sendsPassword(), "a bearer token is password-equivalent");
    }
}
