// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static dev.poplar.maildir.passwd.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.CredentialStore.SecretKind;
import dev.poplar.server.spi.ScramCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file as a {@link CredentialStore} for CRAM-MD5, APOP and SCRAM-SHA-256. */
class UsersFileCredentialStoreTest {

    @TempDir
    Path dir;

    private int tick;

    /** Writes the file with a fresh modification time, so that each write is seen as a new version. */
    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + 1000L * tick++));
        return file;
    }

    private UsersFile open(String... lines) throws IOException {
        return UsersFileTest.open(write(lines));
    }

    /** StoredKey from a password, salt and count, with the JDK's PBKDF2 (independent of the code under test). */
    private static byte[] jdkStoredKey(String password, byte[] salt, int iterations) throws Exception {
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salted, "HmacSHA256"));
        return MessageDigest.getInstance("SHA-256").digest(mac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void secretKindsReflectWhatTheFileHolds() throws Exception {
        assertEquals(Set.of(), open("a:" + ARGON2ID_CHEAP_PW, "b:" + SHA512_P1, "c:" + BCRYPT_2Y_P1).secretKinds(),
                "one-way hashes give nothing");
        assertEquals(Set.of(SecretKind.SCRAM_SHA_256), open("s:{SCRAM-SHA-256}" + SCRAM_P1).secretKinds());
        assertEquals(Set.of(SecretKind.PLAINTEXT, SecretKind.SCRAM_SHA_256), open("p:{CLEAR}pw").secretKinds(),
                "SCRAM keys can be derived from a plaintext password");
        assertEquals(Set.of(SecretKind.PLAINTEXT, SecretKind.SCRAM_SHA_256),
                open("a:" + ARGON2ID_CHEAP_PW, "s:{SCRAM-SHA-256}" + SCRAM_P1, "p:{PLAIN}pw").secretKinds());
        assertEquals(Set.of(), open("# nobody", "x:{SCRAM-SHA-256}4096,broken").secretKinds(), "skipped lines count for nothing");
    }

    @Test
    void plaintextPasswordOnlyForPlainEntries() throws Exception {
        UsersFile users = open("p:{PLAIN}" + P2, "c:{CLEARTEXT}" + P3, "s:{SCRAM-SHA-256}" + SCRAM_P1, "a:" + ARGON2ID_CHEAP_PW);
        assertEquals(Optional.of(P2), users.plaintextPassword("p"));
        assertEquals(Optional.of(P3), users.plaintextPassword("c"));
        assertEquals(Optional.empty(), users.plaintextPassword("s"));
        assertEquals(Optional.empty(), users.plaintextPassword("a"));
        assertEquals(Optional.empty(), users.plaintextPassword("nobody"));
        assertEquals(Optional.empty(), users.plaintextPassword("P"), "exact, case-sensitive names");
        assertEquals(Optional.empty(), users.plaintextPassword(null));
    }

    @Test
    void scramEntryGivesItsStoredKeys() throws Exception {
        UsersFile users = open("s:{SCRAM-SHA-256}" + SCRAM_PENCIL);
        ScramCredential credential = users.scramSha256("s").orElseThrow();
        String[] f = SCRAM_PENCIL.split(",");
        assertEquals(4096, credential.iterations());
        assertArrayEquals(Base64.getDecoder().decode(f[1]), credential.salt());
        assertArrayEquals(Base64.getDecoder().decode(f[2]), credential.storedKey());
        assertArrayEquals(Base64.getDecoder().decode(f[3]), credential.serverKey());
        assertArrayEquals(jdkStoredKey("pencil", credential.salt(), 4096), credential.storedKey());
    }

    @Test
    void plainEntryGivesDerivedKeysWithAStableSaltPerUser() throws Exception {
        UsersFile users = open("alice:{PLAIN}" + P3, "bob:{PLAIN}" + P3);
        ScramCredential alice = users.scramSha256("alice").orElseThrow();
        assertEquals(4096, alice.iterations());
        assertEquals(16, alice.salt().length);
        assertArrayEquals(jdkStoredKey(P3, alice.salt(), 4096), alice.storedKey(), "keys of the plaintext password");
        assertSame(alice, users.scramSha256("alice").orElseThrow(), "cached: no second PBKDF2");
        ScramCredential bob = users.scramSha256("bob").orElseThrow();
        assertFalse(MessageDigest.isEqual(alice.salt(), bob.salt()), "each user has a salt of their own");
        assertFalse(MessageDigest.isEqual(alice.storedKey(), bob.storedKey()));
        assertEquals(2, users.derived().size());
        // Another process (another instance) draws another salt key.
        assertNotEquals(Base64.getEncoder().encodeToString(alice.salt()),
                Base64.getEncoder().encodeToString(open("alice:{PLAIN}" + P3).scramSha256("alice").orElseThrow().salt()));
    }

    @Test
    void noScramKeysForUnknownUsersOrOneWayHashes() throws Exception {
        UsersFile users = open("a:" + ARGON2ID_CHEAP_PW, "b:" + BCRYPT_2Y_P1, "c:" + SHA512_P1, "d:{CRAM-MD5}x");
        for (String name : new String[] {"a", "b", "c", "d", "nobody", ""}) {
            assertEquals(Optional.empty(), users.scramSha256(name), name);
        }
        assertEquals(Optional.empty(), users.scramSha256(null));
    }

    @Test
    void aUserStoredOnlyAsScramLogsInWithUserPassToo() throws Exception {
        UsersFile users = open("s:{SCRAM-SHA-256}" + SCRAM_P2);
        assertTrue(users.authenticate("s", P2).isPresent());
        assertEquals(Optional.empty(), users.authenticate("s", P2 + " "));
    }

    @Test
    void reloadChangesKindsAndDropsKeysDerivedFromOldPasswords() throws Exception {
        Path file = write("alice:{PLAIN}old");
        UsersFile users = UsersFileTest.open(file);
        ScramCredential before = users.scramSha256("alice").orElseThrow();
        assertEquals(1, users.derived().size());

        write("alice:{PLAIN}new");
        ScramCredential after = users.scramSha256("alice").orElseThrow();
        assertArrayEquals(before.salt(), after.salt(), "the salt depends on the name only");
        assertArrayEquals(jdkStoredKey("new", after.salt(), 4096), after.storedKey());
        assertEquals(Optional.of("new"), users.plaintextPassword("alice"));

        write("alice:{SCRAM-SHA-256}" + SCRAM_P1);
        assertEquals(Set.of(SecretKind.SCRAM_SHA_256), users.secretKinds());
        assertEquals(0, users.derived().size(), "cleared on reload");
        assertEquals(Optional.empty(), users.plaintextPassword("alice"));
        assertEquals(4096, users.scramSha256("alice").orElseThrow().iterations());

        write("alice:" + ARGON2ID_CHEAP_PW);
        assertEquals(Set.of(), users.secretKinds());
        assertEquals(Optional.empty(), users.scramSha256("alice"));
    }

    @Test
    void derivedCacheIsBounded() {
        DerivedScramKeys keys = new DerivedScramKeys(2);
        PlainPassword pw = new PlainPassword("pw");
        ScramCredential a = keys.get("a", pw);
        keys.get("b", pw);
        assertSame(a, keys.get("a", pw));
        keys.get("c", pw); // evicts b, the least recently used
        assertEquals(2, keys.size());
        assertSame(a, keys.get("a", pw));
        assertArrayEquals(keys.salt("b"), keys.get("b", pw).salt(), "recomputed with the same salt");
        assertFalse(keys.get("a", new PlainPassword("pw")) == a, "another entry, even with the same secret, is derived anew");
    }

    @Test
    void concurrentLookupsAgree() throws Exception {
        UsersFile users = open("alice:{PLAIN}" + P1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ScramCredential>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) results.add(pool.submit(() -> users.scramSha256("alice").orElseThrow()));
            byte[] first = results.get(0).get().storedKey();
            for (Future<ScramCredential> f : results) assertArrayEquals(first, f.get().storedKey());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secretsNeverReachTheLog() throws Exception {
        String secret = "s3cr3t-pl41n";
        try (LogCapture log = new LogCapture()) {
            UsersFile users = open("p:{PLAIN}" + secret, "s:{SCRAM-SHA-256}" + SCRAM_P1,
                    "bad:{SCRAM-SHA-256}4096," + SCRAM_P1.split(",")[1] + ",short,short");
            users.scramSha256("p");
            users.scramSha256("s");
            users.authenticate("s", "wrong");
            write("p:{PLAIN}" + secret + "2", "bad:{SCRAM-SHA-256}1," + SCRAM_P1.substring(5));
            users.secretKinds();
            assertFalse(log.all().isEmpty(), "the skipped lines were reported");
            for (String message : log.all()) {
                assertFalse(message.contains(secret), message);
                for (String part : SCRAM_P1.split(",")) {
                    if (!part.equals("4096")) assertFalse(message.contains(part), message);
                }
            }
        }
    }
}
