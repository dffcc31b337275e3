// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static dev.poplar.maildir.passwd.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {SCRAM-SHA-256} entries (RFC 5802 §3, RFC 7677) in Dovecot's format: parsing, checking, hashing. */
class ScramSha256HashTest {

    // RFC 7677 §3: the example exchange for user "user", password "pencil".
    private static final String RFC_SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String RFC_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String RFC_SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static final Base64.Decoder B64 = Base64.getDecoder();

    /** The keys, derived with the JDK's PBKDF2 and HMAC, independently of the code under test. */
    private record JdkKeys(byte[] storedKey, byte[] serverKey) {
        static JdkKeys of(String password, byte[] salt, int iterations) throws Exception {
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                    .getEncoded();
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            return new JdkKeys(MessageDigest.getInstance("SHA-256").digest(clientKey),
                    hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static byte[] hmac(byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rfc7677ExampleKeysVerifyPencilAndReproduceTheExchange() throws Exception {
        JdkKeys keys = JdkKeys.of("pencil", B64.decode(RFC_SALT), 4096);
        String entry = "4096," + RFC_SALT + "," + Base64.getEncoder().encodeToString(keys.storedKey()) + ","
                + Base64.getEncoder().encodeToString(keys.serverKey());
        assertEquals(SCRAM_PENCIL, entry, "the constant agrees with the JDK derivation");

        // The independently derived keys reproduce RFC 7677's ClientProof and ServerSignature.
        byte[] authMessage = utf8("n=user,r=" + CLIENT_NONCE + ",r=" + NONCE + ",s=" + RFC_SALT + ",i=4096,c=biws,r=" + NONCE);
        assertArrayEquals(B64.decode(RFC_SERVER_SIGNATURE), hmac(keys.serverKey(), authMessage));
        byte[] clientKey = B64.decode(RFC_PROOF);
        byte[] clientSignature = hmac(keys.storedKey(), authMessage);
        for (int i = 0; i < clientKey.length; i++) clientKey[i] ^= clientSignature[i];
        assertArrayEquals(keys.storedKey(), MessageDigest.getInstance("SHA-256").digest(clientKey));

        StoredPassword stored = PasswordFields.parse("{SCRAM-SHA-256}" + entry);
        ScramSha256Hash scram = assertInstanceOf(ScramSha256Hash.class, stored);
        assertEquals("SCRAM-SHA-256", stored.schemeName());
        assertTrue(stored.matches(utf8("pencil")));
        assertFalse(stored.matches(utf8("pencil2")));
        assertFalse(stored.matches(utf8("Pencil")));
        assertFalse(stored.matches(new byte[0]));

        ScramCredential credential = scram.credential();
        assertEquals(4096, credential.iterations());
        assertArrayEquals(B64.decode(RFC_SALT), credential.salt());
        assertArrayEquals(keys.storedKey(), credential.storedKey());
        assertArrayEquals(keys.serverKey(), credential.serverKey());
    }

    @Test
    void doveadmEntriesAreReadWithTheirSchemeNameInAnyCaseAndRoundTrip() throws Exception {
        for (String data : new String[] {SCRAM_P1, SCRAM_P2, SCRAM_P3, SCRAM_PENCIL}) {
            StoredPassword stored = PasswordFields.parse("{scram-sha-256}" + data);
            assertEquals("{SCRAM-SHA-256}" + data, stored.encoded());
            assertEquals(stored, PasswordFields.parse(stored.encoded()));
        }
    }

    @Test
    void unpaddedBase64IsAcceptedToo() throws Exception {
        String unpadded = SCRAM_PENCIL.replace("=", "");
        assertTrue(PasswordFields.parse("{SCRAM-SHA-256}" + unpadded).matches(utf8("pencil")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4095,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "1000001,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "99999999999,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "-4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "4096,c2FsdA==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=", // 4-byte salt
        "4096,,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4q=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=", // 31 bytes
        "4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qYAA,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=", // 33 bytes
        "4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2d*=",
        "4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=",
        "4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=,x",
        "4096, W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "4096,W22Z_J0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=", // base64url
        "4096,W22ZaJ0SNY7soEsUEjb6g===,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "pencil",
    })
    void malformedOrOutOfBoundsEntriesAreRefusedWithoutQuotingThem(String data) {
        InvalidHashException e = assertThrows(InvalidHashException.class,
                () -> PasswordFields.parse("{SCRAM-SHA-256}" + data));
        assertTrue(e.getMessage().startsWith("SCRAM-SHA-256") || e.getMessage().startsWith("malformed"), e.getMessage());
        assertFalse(e.getMessage().contains("W22Z") || e.getMessage().contains("pencil"), e.getMessage());
    }

    @Test
    void saltLengthBoundsAreEightToSixtyFourBytes() throws Exception {
        String keys = SCRAM_PENCIL.substring(SCRAM_PENCIL.indexOf(",", 5));
        String b64 = "{SCRAM-SHA-256}4096,";
        PasswordFields.parse(b64 + Base64.getEncoder().encodeToString(new byte[8]) + keys);
        PasswordFields.parse(b64 + Base64.getEncoder().encodeToString(new byte[64]) + keys);
        assertThrows(InvalidHashException.class,
                () -> PasswordFields.parse(b64 + Base64.getEncoder().encodeToString(new byte[7]) + keys));
        assertThrows(InvalidHashException.class,
                () -> PasswordFields.parse(b64 + Base64.getEncoder().encodeToString(new byte[65]) + keys));
        assertThrows(IllegalArgumentException.class, () -> new ScramSha256Hash(4096, "c2FsdA==", "x", "y"));
    }

    @Test
    void overlongPasswordNeverMatchesAndSecretsStayOutOfToString() throws Exception {
        StoredPassword stored = PasswordFields.parse("{SCRAM-SHA-256}" + SCRAM_P1);
        assertFalse(stored.matches(new byte[StoredPassword.MAX_PASSWORD_BYTES + 1]));
        assertFalse(stored.isKeyStretched(), "fast enough to need the dummy-hash padding");
        String shown = stored.toString();
        for (String part : SCRAM_P1.split(",")) {
            if (!part.equals("4096")) assertFalse(shown.contains(part), shown);
        }
    }

    @Test
    void hasherWritesDoveadmsFormatWithAFreshSixteenByteSaltAndFourThousandNinetySixIterations() throws Exception {
        PasswordHasher hasher = PasswordHasher.forScheme("scram-sha-256").orElseThrow();
        assertEquals(new PasswordHasher.ScramSha256(4096), hasher);
        String a = hasher.hash(P3);
        String b = hasher.hash(P3);
        assertNotEquals(a, b, "each hash gets its own salt");
        String format = "\\{SCRAM-SHA-256}4096,[A-Za-z0-9+/]{22}==,[A-Za-z0-9+/]{43}=,[A-Za-z0-9+/]{43}=";
        assertTrue(a.matches(format), a);
        String[] f = a.substring("{SCRAM-SHA-256}".length()).split(",");
        JdkKeys keys = JdkKeys.of(P3, B64.decode(f[1]), 4096);
        assertArrayEquals(keys.storedKey(), B64.decode(f[2]), "StoredKey agrees with the JDK derivation");
        assertArrayEquals(keys.serverKey(), B64.decode(f[3]), "ServerKey agrees with the JDK derivation");
        StoredPassword stored = PasswordFields.parse(a);
        assertTrue(stored.matches(utf8(P3)));
        assertFalse(stored.matches(utf8(P1)));
    }

    @Test
    void hasherIterationBoundsMatchTheReader() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.ScramSha256(4095));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.ScramSha256(1_000_001));
        String field = new PasswordHasher.ScramSha256(5000).hash("pw");
        assertTrue(field.startsWith("{SCRAM-SHA-256}5000,"), field);
        assertTrue(PasswordFields.parse(field).matches(utf8("pw")));
    }
}
