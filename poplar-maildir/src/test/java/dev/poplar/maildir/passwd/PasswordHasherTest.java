// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Hashing new passwords: defaults, round trips through our own parser, and refusals. */
class PasswordHasherTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void defaultIsArgon2idWithDovecotsDefaultCosts() throws Exception {
        assertEquals(new PasswordHasher.Argon2id(65536, 3, 1), PasswordHasher.DEFAULT);
        String field = PasswordHasher.DEFAULT.hash(Vectors.P3);
        assertTrue(field.startsWith("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$"), field);
        Argon2Hash parsed = assertInstanceOf(Argon2Hash.class, PasswordFields.parse(field));
        assertEquals(16, Base64.getDecoder().decode(parsed.salt()).length, "16-byte salt");
        assertEquals(32, Base64.getDecoder().decode(parsed.hash()).length, "32-byte hash");
        assertFalse(parsed.salt().contains("=") || parsed.hash().contains("="), "no base64 padding");
        assertTrue(parsed.matches(utf8(Vectors.P3)));
        assertFalse(parsed.matches(utf8(Vectors.P1)));
    }

    @Test
    void argon2idRoundTripWithOtherCostsAndFreshSalts() throws Exception {
        PasswordHasher hasher = new PasswordHasher.Argon2id(1024, 2, 2);
        String a = hasher.hash(Vectors.P2);
        String b = hasher.hash(Vectors.P2);
        assertNotEquals(a, b, "each hash gets its own salt");
        assertTrue(a.startsWith("{ARGON2ID}$argon2id$v=19$m=1024,t=2,p=2$"), a);
        assertTrue(PasswordFields.parse(a).matches(utf8(Vectors.P2)));
        assertTrue(PasswordFields.parse(b).matches(utf8(Vectors.P2)));
        assertFalse(PasswordFields.parse(a).matches(utf8(Vectors.P2.replace(" ", ""))));
    }

    @Test
    void sha512CryptRoundTrip() throws Exception {
        String field = PasswordHasher.Sha512Crypt.DEFAULT.hash(Vectors.P3);
        assertTrue(field.startsWith("{SHA512-CRYPT}$6$rounds=100000$"), field);
        ShaCryptHash parsed = assertInstanceOf(ShaCryptHash.class, PasswordFields.parse(field));
        assertEquals(16, parsed.salt().length());
        assertTrue(parsed.matches(utf8(Vectors.P3)));
        assertFalse(parsed.matches(utf8(Vectors.P1)));
        // glibc's default round count is written without rounds=, as glibc does.
        String plain = new PasswordHasher.Sha512Crypt(5000).hash("pw");
        assertTrue(plain.matches("\\{SHA512-CRYPT}\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}"), plain);
        assertTrue(PasswordFields.parse(plain).matches(utf8("pw")));
    }

    @Test
    void blfCryptRoundTripWritesTwoY() throws Exception {
        String field = new PasswordHasher.BlfCrypt(5).hash(Vectors.P3);
        assertTrue(field.startsWith("{BLF-CRYPT}$2y$05$"), field);
        StoredPassword parsed = PasswordFields.parse(field);
        assertTrue(parsed.matches(utf8(Vectors.P3)));
        assertFalse(parsed.matches(utf8(Vectors.P1)));
        assertEquals(12, PasswordHasher.BlfCrypt.DEFAULT.cost());
    }

    @Test
    void blfCryptRefusesPasswordsLongerThan72BytesWithoutEchoingThem() {
        String tooLong = "ü".repeat(37); // 74 bytes in UTF-8, 37 characters
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PasswordHasher.BlfCrypt(4).hash(tooLong));
        assertFalse(e.getMessage().contains(tooLong));
        new PasswordHasher.BlfCrypt(4).hash("x".repeat(72));
    }

    @Test
    void emptyAndOverlongPasswordsAreRefusedByEveryHasher() {
        String overlong = "p".repeat(StoredPassword.MAX_PASSWORD_BYTES + 1);
        for (PasswordHasher hasher : new PasswordHasher[] {
            new PasswordHasher.Argon2id(8, 1, 1), new PasswordHasher.Sha512Crypt(1000), new PasswordHasher.BlfCrypt(4),
            PasswordHasher.ScramSha256.DEFAULT}) {
            assertThrows(IllegalArgumentException.class, () -> hasher.hash(""), hasher.toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hasher.hash(overlong));
            assertFalse(e.getMessage().contains("pppp"));
        }
    }

    @Test
    void parametersOutsideTheReadableBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Argon2id(4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Argon2id(1 << 20, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Argon2id(65536, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Argon2id(65536, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Sha512Crypt(999));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Sha512Crypt(1_000_001));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.BlfCrypt(3));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.BlfCrypt(16));
    }

    @Test
    void forSchemeKnowsTheSelectableSchemesCaseInsensitively() {
        assertEquals(PasswordHasher.Argon2id.DEFAULT, PasswordHasher.forScheme("argon2id").orElseThrow());
        assertEquals(PasswordHasher.Sha512Crypt.DEFAULT, PasswordHasher.forScheme("SHA512-CRYPT").orElseThrow());
        assertEquals(PasswordHasher.BlfCrypt.DEFAULT, PasswordHasher.forScheme("blf-crypt").orElseThrow());
        assertEquals(PasswordHasher.ScramSha256.DEFAULT, PasswordHasher.forScheme("SCRAM-SHA-256").orElseThrow());
        assertEquals(4096, PasswordHasher.ScramSha256.DEFAULT.iterations(), "Dovecot's SCRAM_DEFAULT_ITERATE_COUNT");
        assertTrue(PasswordHasher.forScheme("PLAIN").isEmpty(), "never hash into plaintext");
        assertTrue(PasswordHasher.forScheme("MD5-CRYPT").isEmpty());
    }
}
