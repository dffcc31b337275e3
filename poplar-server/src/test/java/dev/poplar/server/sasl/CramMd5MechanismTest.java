// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import static dev.poplar.server.sasl.Fakes.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.CredentialStore.SecretKind;
import dev.poplar.server.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CramMd5MechanismTest {

    private static final String RFC_CHALLENGE = "<1896.697170952@postoffice.reston.mci.net>";

    private final Store store = new Store(Set.of(SecretKind.PLAINTEXT), Map.of("tim", "tanstaaftanstaaf", "empty", ""), Map.of());
    private final SaslContext ctx = context(new Passwords(Map.of()), store, null, null);

    /** Client side, written from RFC 2195 §2 and RFC 2104. */
    private static String respond(String user, String secret, String challenge) throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        return user + " " + HexFormat.of().formatHex(mac.doFinal(challenge.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theExampleExchange_rfc2195section2() throws Exception {
        SaslExchange x = new CramMd5Mechanism.Exchange(ctx, RFC_CHALLENGE);
        assertEquals(RFC_CHALLENGE, challengeText(x.step(null)));
        assertEquals("tim b913a602c7eda7a495b4e6e7334d3890", respond("tim", "tanstaaftanstaaf", RFC_CHALLENGE));
        SaslStep.Success s = success(x.step(bytes("tim b913a602c7eda7a495b4e6e7334d3890")));
        assertEquals(new Account("tim"), s.account());
        assertNull(s.additionalData());
    }

    @Test
    void upperCaseHexIsAccepted() throws Exception {
        SaslExchange x = new CramMd5Mechanism.Exchange(ctx, RFC_CHALLENGE);
        x.step(null);
        success(x.step(bytes("tim B913A602C7EDA7A495B4E6E7334D3890")));
    }

    @Test
    void challengeIsAUniqueMessageIdWithTheServerName_rfc2195section2() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String c = challengeText(SaslMechanisms.CRAM_MD5.start(ctx).step(null));
            assertTrue(c.startsWith("<") && c.endsWith("@pop.example.net>"), c);
            String local = c.substring(1, c.indexOf('@'));
            int dot = local.indexOf('.');
            assertTrue(dot > 0 && local.chars().filter(ch -> ch != '.').allMatch(Character::isDigit), c);
            assertTrue(seen.add(c), "challenges repeat");
        }
        SaslContext odd = new SaslContext(null, store, null, null, "evil>\r\nhost");
        assertTrue(challengeText(SaslMechanisms.CRAM_MD5.start(odd).step(null)).endsWith("@localhost>"));
    }

    @Test
    void liveExchange() throws Exception {
        SaslExchange x = SaslMechanisms.CRAM_MD5.start(ctx);
        String c = challengeText(x.step(null));
        success(x.step(bytes(respond("tim", "tanstaaftanstaaf", c))));
    }

    @Test
    void wrongDigestUnknownUserAndUserWithoutPlaintextFailAlike() throws Exception {
        for (String[] attempt : new String[][] {{"tim", "wrong"}, {"nobody", "tanstaaftanstaaf"}, {"empty", ""}, {"empty", "x"}}) {
            SaslExchange x = SaslMechanisms.CRAM_MD5.start(ctx);
            String c = challengeText(x.step(null));
            // an empty secret cannot key an HMAC: compute the "right" answer with a one-byte key instead
            String secret = attempt[1].isEmpty() ? "\0" : attempt[1];
            assertFailure(x.step(bytes(respond(attempt[0], secret, c))), attempt[0], false);
        }
    }

    @Test
    void storeWithoutPlaintextFailsCleanly() throws Exception {
        Store hashesOnly = new Store(Set.of(SecretKind.SCRAM_SHA_256), Map.of("tim", "tanstaaftanstaaf"), Map.of());
        SaslExchange x = new CramMd5Mechanism.Exchange(context(null, hashesOnly, null, null), RFC_CHALLENGE);
        x.step(null);
        assertFailure(x.step(bytes("tim b913a602c7eda7a495b4e6e7334d3890")), "tim", false);
        assertTrue(hashesOnly.asked().isEmpty(), "a store that says it keeps no plaintext is not asked for it");
        SaslExchange y = new CramMd5Mechanism.Exchange(context(null, null, null, null), RFC_CHALLENGE);
        y.step(null);
        assertFailure(y.step(bytes("tim b913a602c7eda7a495b4e6e7334d3890")), "tim", false);
    }

    @Test
    void malformedResponses_rfc2195section2() throws Exception {
        String[] bad = {"", "tim", "timb913a602c7eda7a495b4e6e7334d3890", "tim  b913a602c7eda7a495b4e6e7334d389",
            "tim b913a602c7eda7a495b4e6e7334d389g", " b913a602c7eda7a495b4e6e7334d3890", "tim\tb913a602c7eda7a495b4e6e7334d3890",
            "tim b913a602c7eda7a495b4e6e7334d3890 ", "t\u0001m b913a602c7eda7a495b4e6e7334d3890",
            "tim b913a602c7eda7a495b4e6e7334d38\uFF19\uFF10"};
        for (String r : bad) {
            SaslExchange x = new CramMd5Mechanism.Exchange(ctx, RFC_CHALLENGE);
            x.step(null);
            SaslStep.Failure f = assertInstanceOf(SaslStep.Failure.class, x.step(bytes(r)), r);
            assertTrue(f.malformed(), r);
        }
        assertTrue(store.asked().isEmpty());
    }

    @Test
    void anInitialResponseIsAProtocolError_rfc4422section5() throws Exception {
        assertFailure(SaslMechanisms.CRAM_MD5.start(ctx).step(bytes("tim")), null, true);
        assertFailure(SaslMechanisms.CRAM_MD5.start(ctx).step(new byte[0]), null, true);
    }

    @Test
    void availabilityNeedsPlaintextSecrets() {
        assertTrue(SaslMechanisms.CRAM_MD5.isAvailable(ctx));
        assertFalse(SaslMechanisms.CRAM_MD5.isAvailable(context(new Passwords(Map.of()), null, null, null)));
        Store scramOnly = new Store(Set.of(SecretKind.SCRAM_SHA_256), Map.of(), Map.of());
        assertFalse(SaslMechanisms.CRAM_MD5.isAvailable(context(null, scramOnly, null, null)));
        assertFalse(SaslMechanisms.CRAM_MD5.sendsPassword());
    }
}
