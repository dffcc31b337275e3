// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static dev.poplar.maildir.passwd.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The passwd-file authenticator: format, skipped lines, and RFC 1939 §13 behaviour. */
class UsersFileTest {

    /** Cheapest Argon2id for the dummy, so that tests checking many unknown names stay fast. */
    static final PasswordHasher.Argon2id CHEAP = new PasswordHasher.Argon2id(8, 1, 1);

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static UsersFile open(Path file) throws IOException {
        return UsersFile.openForTest(file, 4, CHEAP);
    }

    @Test
    void everySchemeAuthenticatesFromTheFile() throws Exception {
        UsersFile users = open(write(String.join("\n",
                "sha512:{SHA512-CRYPT}" + SHA512_P2,
                "sha256:" + SHA256_P1,
                "bcrypt:{BLF-CRYPT}" + BCRYPT_2Y_P3,
                "argon:{ARGON2ID}" + ARGON2ID_P3,
                "argoni:" + ARGON2I_P1,
                "plain:{PLAIN}" + P2,
                "scram:{SCRAM-SHA-256}" + SCRAM_P3,
                "")));
        assertEquals(Optional.of("sha512"), users.authenticate("sha512", P2).map(Account::name));
        assertEquals(Optional.of("sha256"), users.authenticate("sha256", P1).map(Account::name));
        assertEquals(Optional.of("bcrypt"), users.authenticate("bcrypt", P3).map(Account::name));
        assertEquals(Optional.of("argon"), users.authenticate("argon", P3).map(Account::name));
        assertEquals(Optional.of("argoni"), users.authenticate("argoni", P1).map(Account::name));
        assertEquals(Optional.of("plain"), users.authenticate("plain", P2).map(Account::name));
        assertEquals(Optional.of("scram"), users.authenticate("scram", P3).map(Account::name));
        for (String name : List.of("sha512", "sha256", "bcrypt", "argon", "argoni", "plain", "scram")) {
            assertEquals(Optional.empty(), users.authenticate(name, "wrong"), name);
        }
    }

    @Test
    void nameMatchIsExactAndCaseSensitive() throws Exception {
        UsersFile users = open(write("Alice:{PLAIN}pw\n"));
        assertTrue(users.authenticate("Alice", "pw").isPresent());
        assertEquals(Optional.empty(), users.authenticate("alice", "pw"));
        assertEquals(Optional.empty(), users.authenticate("ALICE", "pw"));
        assertEquals(Optional.empty(), users.authenticate("Alice ", "pw"));
        assertEquals(Optional.empty(), users.authenticate(" Alice", "pw"));
    }

    @Test
    void unknownUserAndWrongPasswordGiveTheSameAnswerAndUnknownTakesTheDummyHashPath() throws Exception {
        // RFC 1939 §13. A known user with a key-stretched hash needs no dummy; an unknown one must get it.
        UsersFile users = open(write("alice:" + ARGON2ID_CHEAP_PW + "\n"));
        long before = users.dummyChecks();
        Optional<Account> wrongPassword = users.authenticate("alice", "nope");
        assertEquals(before, users.dummyChecks(), "a real hash was checked: no dummy");
        Optional<Account> unknownUser = users.authenticate("mallory", "nope");
        assertEquals(before + 1, users.dummyChecks(), "unknown user: the dummy hash was checked");
        assertEquals(Optional.empty(), wrongPassword);
        assertEquals(wrongPassword, unknownUser);
        users.authenticate("../etc/passwd", "x");
        users.authenticate("", "");
        users.authenticate(null, null);
        assertEquals(before + 4, users.dummyChecks(), "invalid and null names take the same path");
    }

    @Test
    void fastEntriesArePaddedWithTheDummyHash() throws Exception {
        // A plaintext or unsupported entry would answer instantly and so reveal that the name exists.
        // SCRAM-SHA-256's 4096 PBKDF2 iterations take milliseconds: padded too.
        UsersFile users = open(write("p:{PLAIN}pw\ns:{SCRAM-SHA-1}4096,abc,def,ghi\n"
                + "scram:{SCRAM-SHA-256}" + SCRAM_P1 + "\n"));
        long before = users.dummyChecks();
        assertTrue(users.authenticate("p", "pw").isPresent());
        assertEquals(Optional.empty(), users.authenticate("s", "pw"));
        assertTrue(users.authenticate("scram", P1).isPresent());
        assertEquals(before + 3, users.dummyChecks());
    }

    @Test
    void overlongPasswordNeverMatchesAndTakesTheUnknownUserPath() throws Exception {
        // SHA-crypt's cost grows with password length times rounds; a bound keeps a check cheap.
        String longPassword = "p".repeat(StoredPassword.MAX_PASSWORD_BYTES + 1);
        UsersFile users = open(write("long:{PLAIN}" + longPassword + "\nsha:" + SHA512_ROUNDS_P1 + "\n"));
        long before = users.dummyChecks();
        assertEquals(Optional.empty(), users.authenticate("long", longPassword));
        assertEquals(Optional.empty(), users.authenticate("sha", longPassword));
        assertEquals(before + 2, users.dummyChecks());
        assertFalse(PasswordFields.parse(SHA512_ROUNDS_P1).matches(longPassword.getBytes(StandardCharsets.UTF_8)));
        String limit = "p".repeat(StoredPassword.MAX_PASSWORD_BYTES);
        assertTrue(open(write("max:{PLAIN}" + limit + "\n")).authenticate("max", limit).isPresent());
    }

    @Test
    void defaultDummyIsArgon2idWithTheDefaultCosts() throws Exception {
        UsersFile users = UsersFile.open(write("alice:{PLAIN}pw\n"));
        Argon2Hash dummy = assertInstanceOf(Argon2Hash.class, users.dummy());
        assertEquals(Scheme.ARGON2ID, dummy.scheme());
        assertEquals(65536, dummy.memoryKib());
        assertEquals(3, dummy.iterations());
        assertEquals(1, dummy.lanes());
        assertEquals(Optional.empty(), users.authenticate("bob", "pw"));
        assertEquals(1, users.dummyChecks());
    }

    @Test
    void unknownSchemeEntryDoesNotVerifyAndDoesNotThrow() throws Exception {
        UsersFile users = open(write("carol:{SCRAM-SHA-1}4096,c2FsdA==,c3RvcmVk,c2VydmVy\n"));
        assertEquals(Optional.empty(), users.authenticate("carol", "4096,c2FsdA==,c3RvcmVk,c2VydmVy"));
        assertEquals(Optional.empty(), users.authenticate("carol", ""));
        // Kept for later mechanisms.
        assertInstanceOf(UnsupportedScheme.class, users.find("carol").orElseThrow().password());
    }

    @Test
    void commentsBlankLinesCrlfAndMissingOrEmptyFieldsAreHandled() throws Exception {
        UsersFile users = open(write(String.join("\n",
                "# the users of example.org",
                "",
                "   ",
                "#alice:{PLAIN}commented-out",
                "a:{PLAIN}pa",
                "b:{PLAIN}pb:",
                "c:{PLAIN}pc::::::",
                "d:{PLAIN}pd:1000:1000:Dee Dee:/home/d:/bin/false\r",
                "e:{PLAIN}pe:::::\r",
                "")));
        for (String n : List.of("a", "b", "c", "d", "e")) {
            assertTrue(users.authenticate(n, "p" + n).isPresent(), n);
        }
        assertEquals(Optional.empty(), users.authenticate("alice", "commented-out"));
        assertEquals(Optional.empty(), users.authenticate("#alice", "commented-out"));
        UserEntry d = users.find("d").orElseThrow();
        assertEquals(List.of("1000", "1000", "Dee Dee", "/home/d", "/bin/false"),
                List.of(d.uid(), d.gid(), d.gecos(), d.home(), d.shell()));
        assertEquals(Map.of(), d.extraFields());
    }

    @Test
    void extraFieldsAfterTheSeventhFieldAreParsedIntoAMap() throws Exception {
        UsersFile users = open(write(
                "f:{PLAIN}pf:::::: readonly=yes  userdb_mail=maildir:~/Mail:LAYOUT=fs nodelay quota_rule=*:storage=1G =x\n"));
        UserEntry f = users.find("f").orElseThrow();
        assertEquals(List.of("readonly", "userdb_mail", "nodelay", "quota_rule"), List.copyOf(f.extraFields().keySet()));
        assertEquals("yes", f.extraFields().get("readonly"));
        assertEquals("maildir:~/Mail:LAYOUT=fs", f.extraFields().get("userdb_mail"), "colons stay in the value");
        assertEquals("", f.extraFields().get("nodelay"));
        assertEquals("*:storage=1G", f.extraFields().get("quota_rule"));
        assertTrue(users.authenticate("f", "pf").isPresent());
        assertThrows(UnsupportedOperationException.class, () -> f.extraFields().put("x", "y"));
    }

    @Test
    void badLinesAreSkippedWithOneWarningEachThatShowsNoSecret() throws Exception {
        String secretHash = "R1GXV4X8OUqlhNE4y4aWGn3i0hYJ14IxBxdxhwsfRNQ";
        Path file = write(String.join("\n",
                "ok:{PLAIN}pw",
                "../evil:{PLAIN}leaked-plaintext-1",                                     // 2 invalid name
                "bad name:{PLAIN}leaked-plaintext-2",                                    // 3 invalid name
                "huge:$argon2id$v=19$m=99999999,t=3,p=1$c2FsdHNhbHQxMjM$" + secretHash,  // 4 absurd memory
                "b64:$argon2id$v=19$m=8,t=1,p=1$c2Fsd*NhbHQ$" + secretHash,              // 5 bad base64
                "trunc:$6$saltsalt$fwlamBrOqmO1d1IG",                                     // 6 truncated
                "noprefix:leaked-plaintext-3",                                            // 7 no scheme
                "nocolon",                                                                // 8
                "empty:",                                                                 // 9 empty password
                "ok:{PLAIN}duplicate-secret",                                             // 10 duplicate
                "ok2:{PLAIN}pw2",
                ""));
        try (LogCapture log = new LogCapture()) {
            UsersFile users = open(file);
            assertTrue(users.authenticate("ok", "pw").isPresent(), "the first of duplicates wins");
            assertEquals(Optional.empty(), users.authenticate("ok", "duplicate-secret"));
            assertTrue(users.authenticate("ok2", "pw2").isPresent(), "lines after bad ones are read");
            for (String n : List.of("huge", "b64", "trunc", "noprefix", "empty")) {
                assertTrue(users.find(n).isEmpty(), n);
            }
            List<String> warnings = log.warnings();
            assertEquals(9, warnings.size(), String.join("\n", warnings));
            for (int line = 2; line <= 10; line++) {
                int l = line;
                assertTrue(warnings.stream().anyMatch(w -> w.contains("line " + l + " ") || w.contains("line " + l + ":")),
                        "warning for line " + line);
            }
            for (String message : log.all()) {
                assertFalse(message.contains("leaked-plaintext"), message);
                assertFalse(message.contains("duplicate-secret"), message);
                assertFalse(message.contains(secretHash), message);
                assertFalse(message.contains("saltsalt"), message);
                assertFalse(message.contains("../evil"), "an invalid name is not logged: " + message);
            }
        }
    }

    @Test
    void invalidUtf8AndOverlongLinesAreSkippedButTheRestIsRead() throws Exception {
        Path file = dir.resolve("users");
        byte[] bad = "latin:{PLAIN}p\u00e4ss\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] longLine = ("long:{PLAIN}" + "a".repeat(UserTable.MAX_LINE_BYTES) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] good = "good:{PLAIN}pw\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(file, concat(bad, longLine, good));
        try (LogCapture log = new LogCapture()) {
            UsersFile users = open(file);
            assertTrue(users.find("latin").isEmpty());
            assertTrue(users.find("long").isEmpty());
            assertTrue(users.authenticate("good", "pw").isPresent());
            assertEquals(2, log.warnings().size(), String.join("\n", log.warnings()));
        }
    }

    @Test
    void missingOrUnreadableFileAtStartIsAnIOExceptionNamingTheFile() throws Exception {
        Path missing = dir.resolve("no-such-users");
        IOException e = assertThrows(IOException.class, () -> UsersFile.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        IOException e2 = assertThrows(IOException.class, () -> UsersFile.open(directory));
        assertTrue(e2.getMessage().contains("not a regular file"), e2.getMessage());
    }

    @Test
    void emptyFileIsValidAndHasNoUsers() throws Exception {
        UsersFile users = open(write(""));
        assertEquals(Optional.empty(), users.authenticate("anyone", ""));
    }

    @Test
    void interruptedWhileWaitingForACheckIsATemporaryStoreFailure() throws Exception {
        UsersFile users = open(write("a:{PLAIN}pw\n"));
        Thread.currentThread().interrupt();
        try {
            StoreException e = assertThrows(StoreException.class, () -> users.authenticate("a", "pw"));
            assertEquals(ResponseCode.SYS_TEMP, e.code());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void maxConcurrentChecksMustBePositive() throws Exception {
        Path file = write("a:{PLAIN}pw\n");
        assertThrows(IllegalArgumentException.class, () -> UsersFile.open(file, 0));
        assertTrue(UsersFile.open(file, 1).authenticate("a", "pw").isPresent());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
