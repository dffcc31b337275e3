// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static dev.poplar.maildir.passwd.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each scheme checks passwords exactly as the independent tools that made the vectors do. */
class KnownAnswerTest {

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("SHA512-CRYPT", SHA512_P1, P1),
                Arguments.of("SHA512-CRYPT", SHA512_P2, P2),
                Arguments.of("SHA512-CRYPT", SHA512_P3, P3),
                Arguments.of("SHA512-CRYPT", SHA512_ROUNDS_P1, P1),
                Arguments.of("SHA256-CRYPT", SHA256_P1, P1),
                Arguments.of("SHA256-CRYPT", SHA256_P2, P2),
                Arguments.of("SHA256-CRYPT", SHA256_ROUNDS_P3, P3),
                Arguments.of("BLF-CRYPT", BCRYPT_2Y_P1, P1),
                Arguments.of("BLF-CRYPT", BCRYPT_2Y_P2, P2),
                Arguments.of("BLF-CRYPT", BCRYPT_2Y_P3, P3),
                Arguments.of("BLF-CRYPT", BCRYPT_2B_P1, P1),
                Arguments.of("BLF-CRYPT", BCRYPT_2B_P3, P3),
                Arguments.of("BLF-CRYPT", BCRYPT_2A_P2, P2),
                Arguments.of("ARGON2ID", ARGON2ID_P1, P1),
                Arguments.of("ARGON2ID", ARGON2ID_P2, P2),
                Arguments.of("ARGON2ID", ARGON2ID_P3, P3),
                Arguments.of("ARGON2ID", ARGON2ID_SHORT_P1, P1),
                Arguments.of("ARGON2ID", ARGON2ID_CHEAP_PW, "pw"),
                Arguments.of("ARGON2I", ARGON2I_P1, P1),
                Arguments.of("SCRAM-SHA-256", SCRAM_P1, P1),
                Arguments.of("SCRAM-SHA-256", SCRAM_P2, P2),
                Arguments.of("SCRAM-SHA-256", SCRAM_P3, P3));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectors")
    void rightPasswordMatchesWithSchemePrefix(String scheme, String hash, String password) throws Exception {
        StoredPassword stored = PasswordFields.parse("{" + scheme + "}" + hash);
        assertEquals(scheme, stored.schemeName());
        assertTrue(stored.matches(utf8(password)));
    }

    /** SCRAM has no crypt(3) prefix, so it is only ever read with its {@code {SCHEME}} prefix. */
    private static String field(String scheme, String hash) {
        return scheme.startsWith("SCRAM") ? "{" + scheme + "}" + hash : hash;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectors")
    void rightPasswordMatchesWithoutPrefixDetectedFromCryptPrefix(String scheme, String hash, String password)
            throws Exception {
        if (scheme.startsWith("SCRAM")) return; // no crypt prefix: see field()
        StoredPassword stored = PasswordFields.parse(hash);
        assertEquals(scheme, stored.schemeName());
        assertTrue(stored.matches(utf8(password)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectors")
    void wrongPasswordsDoNotMatch(String scheme, String hash, String password) throws Exception {
        StoredPassword stored = PasswordFields.parse(field(scheme, hash));
        assertFalse(stored.matches(utf8(password + "x")), "one character more");
        assertFalse(stored.matches(utf8(password.substring(1))), "one character less");
        assertFalse(stored.matches(utf8(password.toUpperCase(java.util.Locale.ROOT))), "case differs");
        assertFalse(stored.matches(new byte[0]), "empty");
    }

    @Test
    void passwordWithSpacesMustKeepItsSpaces() throws Exception {
        // RFC 1939 PASS: the argument is the rest of the line, spaces included.
        StoredPassword stored = PasswordFields.parse(SHA512_P2);
        assertTrue(stored.matches(utf8("correct horse battery staple")));
        assertFalse(stored.matches(utf8("correcthorsebatterystaple")));
        assertFalse(stored.matches(utf8("correct horse battery staple ")));
    }

    @Test
    void nonAsciiPasswordIsHashedAsUtf8NotLatin1() throws Exception {
        StoredPassword stored = PasswordFields.parse(ARGON2ID_P3);
        assertTrue(stored.matches(utf8(P3)));
        assertFalse(stored.matches(P3.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void bcryptReadsOnlyTheFirst72BytesLikeHtpasswd() throws Exception {
        StoredPassword stored = PasswordFields.parse(BCRYPT_2Y_LONG);
        assertTrue(stored.matches(utf8(LONG)));
        assertTrue(stored.matches(utf8("x".repeat(72))), "bytes after the 72nd are ignored by every bcrypt");
        assertFalse(stored.matches(utf8("x".repeat(71))));
    }

    @Test
    void bcrypt2bAnd2yAreTheSameAlgorithm() throws Exception {
        // A $2y$ vector with its prefix changed to $2b$ must still verify.
        assertTrue(PasswordFields.parse("$2b$" + BCRYPT_2Y_P1.substring(4)).matches(utf8(P1)));
    }

    @Test
    void plainSchemeAndItsAliasesCompareExactBytes() throws Exception {
        for (String name : new String[] {"PLAIN", "CLEAR", "CLEARTEXT", "plain", "Cleartext"}) {
            StoredPassword stored = PasswordFields.parse("{" + name + "}" + P3);
            assertEquals("PLAIN", stored.schemeName(), name);
            assertTrue(stored.matches(utf8(P3)), name);
            assertFalse(stored.matches(utf8(P3 + " ")), name);
            assertFalse(stored.matches(utf8(P3.substring(0, P3.length() - 1))), name);
        }
        assertTrue(PasswordFields.parse("{PLAIN}" + P2).matches(utf8(P2)));
    }

    @Test
    void encodedFormRoundTripsThroughTheParser() throws Exception {
        for (String hash : new String[] {SHA512_P1, SHA512_ROUNDS_P1, SHA256_P1, BCRYPT_2B_P1, ARGON2ID_P2, ARGON2I_P1}) {
            StoredPassword stored = PasswordFields.parse(hash);
            assertEquals("{" + stored.schemeName() + "}" + hash, stored.encoded());
            assertEquals(stored, PasswordFields.parse(stored.encoded()));
        }
    }
}
