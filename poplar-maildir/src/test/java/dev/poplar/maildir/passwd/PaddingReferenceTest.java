// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static dev.poplar.maildir.passwd.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: an unknown name costs what most known names cost (RFC 1939 §13), no more: a {@code {PLAIN}}
 * file no longer pays an Argon2id hash per login, an Argon2id file still pads with Argon2id. Slow
 * hashes run off the virtual threads' carriers.
 */
class PaddingReferenceTest {

    @TempDir
    Path dir;

    private UsersFile users(String content) throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return UsersFile.openForTest(file, 2, UsersFileTest.CHEAP);
    }

    @Test
    void aPlainFilePadsWithAPlaintextComparison_issue6() throws Exception {
        UsersFile users = users("a:{PLAIN}x\nb:{PLAIN}y\nc:{ARGON2ID}" + ARGON2ID_P3 + "\n");
        assertInstanceOf(PlainPassword.class, users.padding());
        long dummies = users.dummyChecks();
        assertEquals(Optional.empty(), users.authenticate("nobody", "x"));
        assertEquals(dummies + 1, users.dummyChecks(), "an unknown name is still padded");
    }

    @Test
    void anArgon2FilePadsWithItsOwnCosts_issue6() throws Exception {
        UsersFile users = users("a:{ARGON2ID}" + ARGON2ID_P3 + "\nb:{ARGON2ID}" + ARGON2ID_P3 + "\nc:{PLAIN}x\n");
        Argon2Hash padding = assertInstanceOf(Argon2Hash.class, users.padding());
        Argon2Hash entry = (Argon2Hash) PasswordFields.parse("{ARGON2ID}" + ARGON2ID_P3);
        assertEquals(entry.memoryKib(), padding.memoryKib());
        assertEquals(entry.iterations(), padding.iterations());
        // A known plaintext user among Argon2id users is padded with Argon2id, so it is not the fast one.
        long dummies = users.dummyChecks();
        assertTrue(users.authenticate("c", "x").isPresent());
        assertEquals(dummies + 1, users.dummyChecks());
    }

    @Test
    void tiesGoToTheKeyStretchedKindAndUnsupportedSchemesNeverPad_issue6() throws Exception {
        assertInstanceOf(ShaCryptHash.class, users("a:{PLAIN}x\nb:{SHA512-CRYPT}" + SHA512_P2 + "\n").padding());
        assertInstanceOf(PlainPassword.class, users("a:{MD5-CRYPT}$1$abc$def\nb:{MD5-CRYPT}$1$abc$deg\nc:{PLAIN}x\n").padding());
        assertInstanceOf(Argon2Hash.class, users("a:{MD5-CRYPT}$1$abc$def\n").padding(), "none usable: the default dummy");
        assertEquals("PLAIN", PaddingReference.costClass(new PlainPassword("x")));
        assertNotEquals(PaddingReference.costClass(PasswordFields.parse("{SHA512-CRYPT}" + SHA512_P2)),
                PaddingReference.costClass(PasswordFields.parse("{SHA512-CRYPT}$6$rounds=6000$salt$" + "x".repeat(86))));
    }

    @Test
    void slowChecksLeaveTheVirtualThreadsCarrier_issue6() throws Exception {
        HashingThreads hashing = new HashingThreads(1);
        try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            boolean ranVirtual = virtual.submit(() -> hashing.run(() -> Thread.currentThread().isVirtual())).get();
            assertFalse(ranVirtual, "the hash ran on the session's virtual thread");
        }
        Thread caller = Thread.currentThread();
        assertSame(caller, hashing.run(Thread::currentThread), "a platform caller runs it in place");
        assertThrows(IllegalArgumentException.class, () -> hashing.run(() -> {
            throw new IllegalArgumentException("passed through");
        }));
    }
}
