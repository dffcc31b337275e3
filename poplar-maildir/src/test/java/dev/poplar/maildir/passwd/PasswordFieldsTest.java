// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static dev.poplar.maildir.passwd.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of password fields: prefix detection, unknown schemes, and defensive refusal of bad input. */
class PasswordFieldsTest {

    @Test
    void noPrefixIsDetectedByCryptPrefixAsDovecotCryptDoes() throws Exception {
        assertInstanceOf(ShaCryptHash.class, PasswordFields.parse(SHA512_P1));
        assertInstanceOf(ShaCryptHash.class, PasswordFields.parse(SHA256_P1));
        assertInstanceOf(BcryptHash.class, PasswordFields.parse(BCRYPT_2Y_P1));
        assertInstanceOf(BcryptHash.class, PasswordFields.parse(BCRYPT_2B_P1));
        assertInstanceOf(BcryptHash.class, PasswordFields.parse(BCRYPT_2A_P2));
        assertEquals("ARGON2ID", PasswordFields.parse(ARGON2ID_P1).schemeName());
        assertEquals("ARGON2I", PasswordFields.parse(ARGON2I_P1).schemeName());
    }

    @Test
    void explicitCryptSchemeMeansDetectByPrefix() throws Exception {
        assertEquals("SHA512-CRYPT", PasswordFields.parse("{CRYPT}" + SHA512_P1).schemeName());
        assertEquals("BLF-CRYPT", PasswordFields.parse("{crypt}" + BCRYPT_2Y_P1).schemeName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "secret",                                   // a plaintext password without {PLAIN} is not a hash
        "$1$saltsalt$abcdefghijklmnopqrstuv",       // MD5-crypt: broken, not supported
        "$2x$05$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb.", // buggy bcrypt variant
        "$argon2d$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q", // not for passwords
        "*", "!", "x",
    })
    void valueWithoutPrefixAndWithoutKnownCryptPrefixIsRefused(String field) {
        InvalidHashException e = assertThrows(InvalidHashException.class, () -> PasswordFields.parse(field));
        if (field.length() > 2) assertFalse(e.getMessage().contains(field), "the reason must not quote the field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{SCRAM-SHA-1}4096,c2FsdA==,c3RvcmVk,c2VydmVy", "{CRAM-MD5}deadbeef", "{PLAIN.B64}c2VjcmV0",
        "{DIGEST-MD5}abc", "{SSHA512}abcdef"})
    void unknownSchemeIsKeptButNeverVerifiesAndNeverThrows(String field) throws Exception {
        StoredPassword stored = PasswordFields.parse(field);
        UnsupportedScheme unsupported = assertInstanceOf(UnsupportedScheme.class, stored);
        assertEquals(field, unsupported.encoded());
        assertFalse(stored.matches("deadbeef".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(stored.matches(new byte[0]));
        assertFalse(stored.toString().contains(unsupported.data()), "toString must not show the secret");
    }

    @Test
    void schemeMismatchWithCryptPrefixIsRefused() {
        assertThrows(InvalidHashException.class, () -> PasswordFields.parse("{SHA512-CRYPT}" + SHA256_P1));
        assertThrows(InvalidHashException.class, () -> PasswordFields.parse("{SHA256-CRYPT}" + SHA512_P1));
        assertThrows(InvalidHashException.class, () -> PasswordFields.parse("{ARGON2ID}" + ARGON2I_P1));
        assertThrows(InvalidHashException.class, () -> PasswordFields.parse("{ARGON2I}" + ARGON2ID_P1));
        assertThrows(InvalidHashException.class, () -> PasswordFields.parse("{BLF-CRYPT}" + SHA512_P1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "{PLAIN}",                                  // empty plaintext would accept an empty PASS
        "{ARGON2ID",                                // unterminated prefix
        "{}secret",
        "{ARGON 2}secret",
        "{../../etc}secret",
        // Argon2: absurd costs a hostile file could use to stall or exhaust the server
        "$argon2id$v=19$m=4194304,t=3,p=1$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ",
        "$argon2id$v=19$m=99999999999,t=3,p=1$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ",
        "$argon2id$v=19$m=65536,t=4294967295,p=1$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ",
        "$argon2id$v=19$m=65536,t=100,p=1$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ",
        "$argon2id$v=19$m=262144,t=16,p=1$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ",
        "$argon2id$v=19$m=65536,t=3,p=255$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ",
        "$argon2id$v=19$m=65536,t=0,p=1$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ",
        "$argon2id$v=19$m=65536,t=3,p=0$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ",
        "$argon2id$v=19$m=7,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q",
        "$argon2id$v=19$m=8,t=1,p=2$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q",
        // Argon2: malformed
        "$argon2id$v=16$m=8,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q",
        "$argon2id$m=8,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q",
        "$argon2id$v=19$t=1,m=8,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q=",
        "$argon2id$v=19$m=8,t=1,p=1$c2Fsd*NhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb",    // 4n+1 chars
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q",        // salt 4 bytes
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH",                              // hash 12 bytes
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ",
        "$argon2id$v=19$m=8,t=1,p=1",
        "$argon2id$v=19$m=-8,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q",
        "$argon2id$",
        // SHA-crypt
        "$6$rounds=999999999$saltsalt$fwlamBrOqmO1d1IGBZuoDbiBLysiZpmO29PF6JYPeFNWtUpYlWGacpfo3kQaQ6Jc9AgBbqPXfLKeJCECo1N.m1",
        "$6$rounds=99999999999999999999$saltsalt$fwlamBrOqmO1d1IGBZuoDbiBLysiZpmO29PF6JYPeFNWtUpYlWGacpfo3kQaQ6Jc9AgBbqPXfLKeJCECo1N.m1",
        "$6$rounds=10$saltsalt$fwlamBrOqmO1d1IGBZuoDbiBLysiZpmO29PF6JYPeFNWtUpYlWGacpfo3kQaQ6Jc9AgBbqPXfLKeJCECo1N.m1",
        "$6$saltsalt$fwlamBrOqmO1d1IGBZuoDbiBLysiZpmO29PF6JYPeFNWtUpYlWGacpfo3kQaQ6Jc9AgBbqPXfLKeJCECo1N",
        "$6$saltsalt$",
        "$6$",
        "$6$salt salt$fwlamBrOqmO1d1IGBZuoDbiBLysiZpmO29PF6JYPeFNWtUpYlWGacpfo3kQaQ6Jc9AgBbqPXfLKeJCECo1N.m1",
        "$6$saltsaltsaltsaltsalt$fwlamBrOqmO1d1IGBZuoDbiBLysiZpmO29PF6JYPeFNWtUpYlWGacpfo3kQaQ6Jc9AgBbqPXfLKeJCECo1N.m1",
        "$5$saltsalt$lenpbIIfFTOesMocJVNZvortN.KXU4D2QzPbnD5iNU3X",
        // bcrypt
        "$2y$31$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb.",   // days per check
        "$2y$16$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb.",
        "$2y$03$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb.",
        "$2y$5$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb.",
        "$2y$05$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb",
        "$2y$05$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb.x",
        "$2y$05$vEZDtLzVcOIHpazz2Um9s+xCz93r62d8acVtLR9VvLVMSntxu/fb.",
        "$2y$",
    })
    void malformedOrOutOfBoundsFieldIsRefusedWithACleanReason(String field) {
        InvalidHashException e = assertThrows(InvalidHashException.class, () -> PasswordFields.parse(field));
        assertFalse(e.getMessage().isBlank());
        if (field.length() > 8) assertFalse(e.getMessage().contains(field.substring(field.length() - 8)));
    }

    @Test
    void nullAndOverlongFieldsAreRefused() {
        assertThrows(InvalidHashException.class, () -> PasswordFields.parse(null));
        assertThrows(InvalidHashException.class,
                () -> PasswordFields.parse("{PLAIN}" + "a".repeat(PasswordFields.MAX_LENGTH)));
        assertTrue(PasswordFields.tryParse("nonsense").isEmpty());
        assertTrue(PasswordFields.tryParse(SHA512_P1).isPresent());
    }

    @Test
    void boundsAllowWhatDovecotWritesByDefault() throws Exception {
        // doveadm pw -s ARGON2ID: m=65536,t=3,p=1; -r 3 (libsodium "moderate"): m=262144,t=3
        PasswordFields.parse("$argon2id$v=19$m=262144,t=3,p=1$c2FsdHNhbHQxMjM$R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ");
        PasswordFields.parse("$6$rounds=1000000$saltsalt$fwlamBrOqmO1d1IGBZuoDbiBLysiZpmO29PF6JYPeFNWtUpYlWGacpfo3kQaQ6Jc9AgBbqPXfLKeJCECo1N.m1");
        PasswordFields.parse("$2y$15$vEZDtLzVcOIHpazz2Um9sOxCz93r62d8acVtLR9VvLVMSntxu/fb.");
    }

    @Test
    void recordConstructorsRefuseWhatTheParserWouldRefuse() {
        // The records are public: a value built in code must meet the same bounds as one read from a file.
        String hash86 = "a".repeat(86);
        assertThrows(IllegalArgumentException.class, () -> new ShaCryptHash(Scheme.SHA512_CRYPT, 5000, false, "bad$", hash86));
        assertThrows(IllegalArgumentException.class, () -> new ShaCryptHash(Scheme.SHA512_CRYPT, 5000, false, "salt", "a".repeat(43)));
        assertThrows(IllegalArgumentException.class, () -> new ShaCryptHash(Scheme.SHA512_CRYPT, 9000, false, "salt", hash86));
        assertThrows(IllegalArgumentException.class, () -> new ShaCryptHash(Scheme.PLAIN, 5000, false, "salt", hash86));
        assertThrows(IllegalArgumentException.class, () -> new BcryptHash("2x", 5, "a".repeat(22), "a".repeat(31)));
        assertThrows(IllegalArgumentException.class, () -> new BcryptHash("2y", 16, "a".repeat(22), "a".repeat(31)));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Hash(Scheme.ARGON2ID, 1 << 30, 1, 1, "c2FsdHNhbHQ", "c2FsdHNhbHRzYWx0c2FsdA"));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Hash(Scheme.ARGON2ID, 8, 1, 1, "c2Fs", "c2FsdHNhbHRzYWx0c2FsdA"));
        assertThrows(IllegalArgumentException.class, () -> new PlainPassword(""));
        new ShaCryptHash(Scheme.SHA512_CRYPT, 5000, false, "salt", hash86);
    }

    @Test
    void toStringNeverShowsSecretsOrHashes() throws Exception {
        String[] fields = {"{PLAIN}" + P1, SHA512_P1, BCRYPT_2Y_P1, ARGON2ID_P1, "{SCRAM-SHA-256}" + SCRAM_P1,
            "{CRAM-MD5}secretstuff"};
        for (String field : fields) {
            String shown = PasswordFields.parse(field).toString();
            String tail = field.substring(field.length() - 10);
            assertFalse(shown.contains(tail), shown);
        }
        assertFalse(UserEntry.of("alice", PasswordFields.parse("{PLAIN}" + P1)).toString().contains(P1));
    }

    @Test
    void randomlyCorruptedFieldsNeverThrowAnythingButInvalidHash() {
        // Bounded fuzz with a fixed seed: parse never throws anything else, and whatever parses checks a
        // password without throwing. Only cheap vectors, so a corrupted cost stays cheap to check.
        String[] seeds = {SHA512_P1, SHA256_P2, BCRYPT_2Y_P1, ARGON2ID_CHEAP_PW, "{ARGON2ID}" + ARGON2ID_CHEAP_PW,
            "{PLAIN}pw", "{SCRAM-SHA-256}" + SCRAM_PENCIL, "{SCRAM-SHA-1}x"};
        String alphabet = "$={}:,./+0123456789abcxyzAZmtpv \u0000\u00e9";
        Random random = new Random(1939);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> sb.deleteCharAt(at);
                    default -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String field = sb.toString();
            try {
                StoredPassword stored = PasswordFields.parse(field);
                if (isCheap(stored)) stored.matches("pw".getBytes(StandardCharsets.UTF_8));
            } catch (InvalidHashException expected) {
                // the clean outcome
            }
        }
    }

    private static boolean isCheap(StoredPassword stored) {
        return switch (stored) {
            case Argon2Hash a -> (long) a.memoryKib() * a.iterations() <= 4096;
            case BcryptHash b -> b.cost() <= 6;
            case ShaCryptHash s -> s.rounds() <= 10_000;
            case ScramSha256Hash s -> s.iterations() <= 10_000;
            default -> true;
        };
    }
}
