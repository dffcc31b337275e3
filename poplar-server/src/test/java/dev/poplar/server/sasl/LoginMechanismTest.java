// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import static dev.poplar.server.sasl.Fakes.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginMechanismTest {

    private final Passwords auth = new Passwords(Map.of("tim", " secret with spaces "));
    private final SaslContext ctx = context(auth, null, null, null);

    @Test
    void asksForUserNameThenPassword_draftMurchisonSaslLogin() throws StoreException {
        SaslExchange x = SaslMechanisms.LOGIN.start(ctx);
        assertEquals("Username:", challengeText(x.step(null)));
        assertEquals("Password:", challengeText(x.step(bytes("tim"))));
        SaslStep.Success s = success(x.step(bytes(" secret with spaces ")));
        assertEquals(new Account("tim"), s.account());
        assertNull(s.additionalData());
        assertFailure(x.step(bytes("again")), "tim", true);
    }

    @Test
    void userNameAsInitialResponse_draftMurchisonSaslLogin() throws StoreException {
        SaslExchange x = SaslMechanisms.LOGIN.start(ctx);
        assertEquals("Password:", challengeText(x.step(bytes("tim"))));
        success(x.step(bytes(" secret with spaces ")));
    }

    @Test
    void wrongPassword() throws StoreException {
        SaslExchange x = SaslMechanisms.LOGIN.start(ctx);
        x.step(bytes("tim"));
        assertFailure(x.step(bytes("secret")), "tim", false);
    }

    @Test
    void malformedAnswers() throws StoreException {
        assertFailure(SaslMechanisms.LOGIN.start(ctx).step(new byte[0]), null, true);
        assertFailure(SaslMechanisms.LOGIN.start(ctx).step(new byte[] {(byte) 0xFF}), null, true);
        assertFailure(SaslMechanisms.LOGIN.start(ctx).step(bytes("t\0im")), null, true);
        assertFailure(SaslMechanisms.LOGIN.start(ctx).step(bytes("x".repeat(256))), null, true);
        SaslExchange x = SaslMechanisms.LOGIN.start(ctx);
        x.step(null);
        assertFailure(x.step(null), null, true);
        SaslExchange y = SaslMechanisms.LOGIN.start(ctx);
        y.step(bytes("tim"));
        assertFailure(y.step(new byte[0]), "tim", true);
        SaslExchange z = SaslMechanisms.LOGIN.start(ctx);
        z.step(bytes("tim"));
        assertFailure(z.step(new byte[SaslCodec.MAX_RESPONSE_OCTETS + 1]), "tim", true);
        assertTrue(auth.calls().isEmpty());
    }

    @Test
    void availability() {
        assertTrue(SaslMechanisms.LOGIN.isAvailable(ctx));
        assertFalse(SaslMechanisms.LOGIN.isAvailable(context(null, null, null, null)));
        assertTrue(SaslMechanisms.LOGIN.sendsPassword());
    }
}
