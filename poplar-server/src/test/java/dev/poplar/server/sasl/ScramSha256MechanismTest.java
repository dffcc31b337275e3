// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import static dev.poplar.server.sasl.Fakes.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.CredentialStore.SecretKind;
import dev.poplar.server.spi.ScramCredential;
import dev.poplar.server.spi.StoreException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScramSha256MechanismTest {

    // RFC 7677 §3
    private static final String RFC_SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private static final String RFC_CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String RFC_SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String RFC_CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static final byte[] CB_DATA = {1, 2, 3, (byte) 0xFF, 0, 42};
    private static final int ITERATIONS = 4096;
    private static Map<String, ScramCredential> users;

    @BeforeAll
    static void credentials() throws Exception {
        byte[] salt = Base64.getDecoder().decode(RFC_SALT);
        users = new HashMap<>();
        users.put("user", ScramClient.credential("pencil", salt, ITERATIONS));
        users.put("a,b=c", ScramClient.credential("pencil", salt, ITERATIONS));
        users.put("IX", ScramClient.credential("pencil", salt, ITERATIONS));
        users.put("broken", new ScramCredential(salt, ITERATIONS, new byte[5], new byte[32]));
    }

    private final Store store = new Store(Set.of(SecretKind.SCRAM_SHA_256), Map.of(), users);
    private final SaslContext plain = context(null, store, null, null);
    private final SaslContext tls = context(null, store, null, CB_DATA);

    private static SaslExchange rfcNonce(boolean plus, SaslContext ctx) {
        return new ScramSha256Mechanism(plus, 4096, () -> RFC_SERVER_NONCE).start(ctx);
    }

    /** Runs a whole exchange with the test client: client-first as given, then a computed client-final. */
    private static SaslStep run(SaslExchange x, String gs2, String bare, byte[] cb, String password) throws Exception {
        String serverFirst = challengeText(x.step(bytes(gs2 + bare)));
        return x.step(bytes(ScramClient.clientFinal(password, gs2, cb, bare, serverFirst).message()));
    }

    @Test
    void theExampleExchange_rfc7677section3() throws Exception {
        SaslExchange x = rfcNonce(false, plain);
        assertEquals(RFC_SERVER_FIRST, challengeText(x.step(bytes(RFC_CLIENT_FIRST))));
        // the independent client agrees with the RFC, so the vector checks both sides
        ScramClient.Final f = ScramClient.clientFinal("pencil", "n,,", new byte[0], "n=user,r=rOprNGfwEbeRWgbNEkqO", RFC_SERVER_FIRST);
        assertEquals(RFC_CLIENT_FINAL, f.message());
        assertEquals(RFC_SERVER_FINAL, f.expectedServerFinal());
        SaslStep.Success s = success(x.step(bytes(RFC_CLIENT_FINAL)));
        assertEquals(new Account("user"), s.account());
        assertEquals(RFC_SERVER_FINAL, text(s.additionalData()));
        assertFailure(x.step(bytes(RFC_CLIENT_FINAL)), "user", true); // over
    }

    @Test
    void withoutInitialResponseAnEmptyChallengeComesFirst_rfc4422section5() throws Exception {
        SaslExchange x = rfcNonce(false, plain);
        assertEquals(0, challenge(x.step(null)).data().length);
        assertEquals(RFC_SERVER_FIRST, challengeText(x.step(bytes(RFC_CLIENT_FIRST))));
        success(x.step(bytes(RFC_CLIENT_FINAL)));
        SaslExchange y = rfcNonce(false, plain);
        y.step(null);
        assertFailure(y.step(null), null, true);
    }

    @Test
    void liveServerNonceIsFreshAndLongEnough_rfc5802section5_1() throws Exception {
        String a = challengeText(SaslMechanisms.SCRAM_SHA_256.start(plain).step(bytes("n,,n=user,r=abc")));
        String b = challengeText(SaslMechanisms.SCRAM_SHA_256.start(plain).step(bytes("n,,n=user,r=abc")));
        String nonceA = ScramClient.ServerFirst.parse(a).nonce();
        assertTrue(nonceA.startsWith("abc"));
        assertTrue(Base64.getDecoder().decode(nonceA.substring(3)).length >= 24);
        assertNotEquals(nonceA, ScramClient.ServerFirst.parse(b).nonce());
        SaslExchange x = SaslMechanisms.SCRAM_SHA_256.start(plain);
        SaslStep.Success s = success(run(x, "n,,", "n=user,r=fyko+d2lbbFgONRv9qkxdawL", new byte[0], "pencil"));
        assertTrue(text(s.additionalData()).startsWith("v="));
    }

    @Test
    void wrongPasswordFailsWithoutSecrets() throws Exception {
        assertFailure(run(rfcNonce(false, plain), "n,,", "n=user,r=abc", new byte[0], "pencil2"), "user", false);
    }

    @Test
    void tamperedProofOrNonceFails_rfc5802section5_1() throws Exception {
        String good = RFC_CLIENT_FINAL;
        String[][] cases = {
            {good.replace("p=dHzb", "p=dHzc"), "false"},                     // bad proof
            {good.replace("p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7And"), "true"}, // short proof
            {good.replace("k0,", "k1,"), "true"},                            // wrong nonce
            {good.replace("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", "r=rOprNGfwEbeRWgbNEkqO"), "true"}, // client part only
            {good.replace("c=biws", "c=eSws"), "false"},                     // c= says "y,," but header was "n,,"
            {good.replace("c=biws,", ""), "true"},                           // no channel binding
            {good.replace(",p=", ",x=1,p="), "false"},                      // an extension changes AuthMessage: the proof no longer matches
            {good.replace(",p=", ",m=1,p="), "true"},                        // reserved "m"
            {good + ",x=1", "true"},                                         // proof not last
            {"", "true"}, {"c=biws", "true"}, {good.replace("c=biws", "c=b!ws"), "true"},
        };
        for (String[] c : cases) {
            SaslExchange x = rfcNonce(false, plain);
            x.step(bytes(RFC_CLIENT_FIRST));
            assertFailure(x.step(bytes(c[0])), "user", Boolean.parseBoolean(c[1]));
        }
        SaslExchange x = rfcNonce(false, plain);
        x.step(bytes(RFC_CLIENT_FIRST));
        assertFailure(x.step(new byte[] {'c', '=', (byte) 0xC3}), "user", true);
    }

    @Test
    void malformedClientFirst_rfc5802section7() throws Exception {
        String[] bad = {"", "n,,", "n", "x,,n=user,r=abc", "F,n,,n=user,r=abc", "n,n=user,r=abc", "n,,n=,r=abc",
            "n,,n=us=er,r=abc", "n,,n=us=2c,r=abc", "n,,n=user", "n,,n=user,r=", "n,,n=user,r=a\u00E9",
            "n,,n=user,r=a b", "n,,r=abc,n=user", "n,,m=x,n=user,r=abc", "n,,n=user,r=abc,m=x", "n,,n=user,r=abc,",
            "n,,n=user,r=abc,xx=1", "n,,n=user,r=abc,1=2", "n,,n=\u0007,r=abc", "n,,n=\u00AD,r=abc",
            "n,,n=\u0627a,r=abc", "n,,n=user,r=" + "x".repeat(256), "n,,n=" + "u".repeat(256) + ",r=abc",
            "n,a=,n=user,r=abc", "n,b=user,n=user,r=abc", "p,,n=user,r=abc", "p=,,n=user,r=abc",
            "p=tls server,,n=user,r=abc", "n,,n=us\0er,r=abc"};
        for (String message : bad) {
            SaslStep step = rfcNonce(false, plain).step(bytes(message));
            SaslStep.Failure f = assertInstanceOf(SaslStep.Failure.class, step, message);
            assertTrue(f.malformed(), message);
        }
        assertFailure(rfcNonce(false, plain).step(new byte[] {'n', ',', ',', 'n', '=', (byte) 0xED, (byte) 0xA0, (byte) 0x80, ',', 'r', '=', 'a'}), null, true);
        assertFailure(rfcNonce(false, plain).step(bytes("n,,n=user,r=" + "a".repeat(SaslCodec.MAX_RESPONSE_OCTETS))), null, true);
        assertTrue(store.asked().isEmpty(), "nothing malformed reaches the store");
    }

    @Test
    void extensionsAreIgnored_rfc5802section5_1() throws Exception {
        success(run(rfcNonce(false, plain), "n,,", "n=user,r=abc,x=whatever=you=like", new byte[0], "pencil"));
    }

    @Test
    void userNameIsUnescapedAndPrepared_rfc5802section5_1() throws Exception {
        assertEquals(new Account("a,b=c"), success(run(rfcNonce(false, plain), "n,,", "n=a=2Cb=3Dc,r=abc", new byte[0], "pencil")).account());
        assertEquals(new Account("IX"), success(run(rfcNonce(false, plain), "n,,", "n=I\u00ADX,r=abc", new byte[0], "pencil")).account());
        assertEquals(new Account("IX"), success(run(rfcNonce(false, plain), "n,,", "n=\u2168,r=abc", new byte[0], "pencil")).account());
        assertTrue(store.asked().stream().allMatch(u -> u.equals("a,b=c") || u.equals("IX")), store.asked().toString());
    }

    @Test
    void authzidMustBeTheUser_rfc5802section5_1() throws Exception {
        success(run(rfcNonce(false, plain), "n,a=user,", "n=user,r=abc", new byte[0], "pencil"));
        assertFailure(rfcNonce(false, plain).step(bytes("n,a=admin,n=user,r=abc")), "user", false);
        assertFailure(rfcNonce(false, plain).step(bytes("n,a=\u0007,n=user,r=abc")), "user", false);
    }

    @Test
    void unknownUserGetsAStableStandInSaltAndFails_rfc5802section9() throws Exception {
        String a1 = challengeText(rfcNonce(false, plain).step(bytes("n,,n=ghost,r=rOprNGfwEbeRWgbNEkqO")));
        String a2 = challengeText(rfcNonce(false, plain).step(bytes("n,,n=ghost,r=xyz")));
        String b = challengeText(rfcNonce(false, plain).step(bytes("n,,n=phantom,r=abc")));
        ScramClient.ServerFirst s1 = ScramClient.ServerFirst.parse(a1);
        assertArrayEquals(s1.salt(), ScramClient.ServerFirst.parse(a2).salt(), "stable across attempts");
        assertFalse(Arrays.equals(s1.salt(), ScramClient.ServerFirst.parse(b).salt()), "differs per user");
        assertEquals(16, s1.salt().length);
        assertEquals(4096, s1.iterations());
        assertEquals(RFC_SERVER_FIRST.length(), a1.length(), "same shape as a real user's server-first");
        assertFailure(run(rfcNonce(false, plain), "n,,", "n=ghost,r=abc", new byte[0], "pencil"), "ghost", false);
        // a credential the store gets wrong is treated like no credential
        assertFailure(run(rfcNonce(false, plain), "n,,", "n=broken,r=abc", new byte[0], "pencil"), "broken", false);
        SaslMechanism custom = SaslMechanisms.scramSha256(false, 10000);
        assertEquals(10000, ScramClient.ServerFirst.parse(challengeText(custom.start(plain).step(bytes("n,,n=ghost,r=a")))).iterations());
    }

    @Test
    void withoutScramSecretsEveryoneFails() throws Exception {
        SaslContext none = context(null, null, null, null);
        assertFailure(run(rfcNonce(false, none), "n,,", "n=user,r=abc", new byte[0], "pencil"), "user", false);
    }

    @Test
    void storeFailurePropagates() {
        CredentialStore down = new CredentialStore() {
            @Override
            public Set<SecretKind> secretKinds() {
                return Set.of(SecretKind.SCRAM_SHA_256);
            }

            @Override
            public Optional<String> plaintextPassword(String user) {
                return Optional.empty();
            }

            @Override
            public Optional<ScramCredential> scramSha256(String user) throws StoreException {
                throw StoreException.temporary("down", null);
            }
        };
        assertThrows(StoreException.class, () -> rfcNonce(false, context(null, down, null, null)).step(bytes(RFC_CLIENT_FIRST)));
    }

    @Test
    void channelBindingFlags_rfc5802section6() throws Exception {
        // "y" where -PLUS is not offered (no TLS): fine, and c= carries "y,,"
        success(run(rfcNonce(false, plain), "y,,", "n=user,r=abc", new byte[0], "pencil"));
        // "y" where -PLUS is offered: a downgrade, refused before any lookup
        assertFailure(rfcNonce(false, tls).step(bytes("y,,n=user,r=abc")), "user", false);
        // "n" over TLS on plain SCRAM: the client does not do channel binding; fine
        success(run(rfcNonce(false, tls), "n,,", "n=user,r=abc", new byte[0], "pencil"));
        // "p" on the non-PLUS mechanism
        assertFailure(rfcNonce(false, tls).step(bytes("p=tls-server-end-point,,n=user,r=abc")), "user", true);
        assertFailure(rfcNonce(false, plain).step(bytes("p=tls-server-end-point,,n=user,r=abc")), "user", true);
    }

    @Test
    void plusBindsTheTlsServerEndPoint_rfc5802section6_rfc5929section4() throws Exception {
        String gs2 = "p=tls-server-end-point,,";
        success(run(rfcNonce(true, tls), gs2, "n=user,r=abc", CB_DATA, "pencil"));
        success(run(rfcNonce(true, tls), "p=tls-server-end-point,a=user,", "n=user,r=abc", CB_DATA, "pencil"));
        // other binding data (a man in the middle terminates TLS with its own certificate)
        assertFailure(run(rfcNonce(true, tls), gs2, "n=user,r=abc", new byte[] {9, 9, 9}, "pencil"), "user", false);
        assertFailure(run(rfcNonce(true, tls), gs2, "n=user,r=abc", new byte[0], "pencil"), "user", false);
        // -PLUS without "p", or with a binding type we do not have
        assertFailure(rfcNonce(true, tls).step(bytes("n,,n=user,r=abc")), "user", true);
        assertFailure(rfcNonce(true, tls).step(bytes("y,,n=user,r=abc")), "user", true);
        assertFailure(rfcNonce(true, tls).step(bytes("p=tls-unique,,n=user,r=abc")), "user", true);
        assertFailure(rfcNonce(true, tls).step(bytes("p=tls-exporter,,n=user,r=abc")), "user", true);
        // -PLUS started where there is no channel binding (it is never offered there)
        assertFailure(rfcNonce(true, plain).step(bytes(gs2 + "n=user,r=abc")), "user", false);
    }

    @Test
    void availability_rfc7677() {
        Store plaintext = new Store(Set.of(SecretKind.PLAINTEXT), Map.of(), Map.of());
        Store nothing = new Store(Set.of(), Map.of(), Map.of());
        assertTrue(SaslMechanisms.SCRAM_SHA_256.isAvailable(plain));
        assertTrue(SaslMechanisms.SCRAM_SHA_256.isAvailable(context(null, plaintext, null, null)));
        assertFalse(SaslMechanisms.SCRAM_SHA_256.isAvailable(context(null, nothing, null, null)));
        assertFalse(SaslMechanisms.SCRAM_SHA_256.isAvailable(context(new Passwords(Map.of()), null, null, null)));
        assertFalse(SaslMechanisms.SCRAM_SHA_256_PLUS.isAvailable(plain));
        assertTrue(SaslMechanisms.SCRAM_SHA_256_PLUS.isAvailable(tls));
        assertFalse(SaslMechanisms.SCRAM_SHA_256_PLUS.isAvailable(context(null, store, null, new byte[0])));
        assertFalse(SaslMechanisms.SCRAM_SHA_256_PLUS.isAvailable(context(null, nothing, null, CB_DATA)));
        assertFalse(SaslMechanisms.SCRAM_SHA_256.sendsPassword());
        assertFalse(SaslMechanisms.SCRAM_SHA_256_PLUS.sendsPassword());
        assertEquals("SCRAM-SHA-256-PLUS", SaslMechanisms.SCRAM_SHA_256_PLUS.name());
    }
}
