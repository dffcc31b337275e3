// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static dev.poplar.maildir.passwd.Vectors.ARGON2ID_CHEAP_PW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: verified passwords are remembered for a short time, so that a frequent login skips the slow
 * check, without ever answering a wrong password, a changed or removed user, or keeping the password.
 */
class UsersFileCacheTest {

    @TempDir
    Path dir;

    /** A fixed base time: mtimes are set explicitly, so no test depends on the clock or on sleeping. */
    private static final long BASE_MILLIS = 1_700_000_000_000L;
    private static final Duration TTL = Duration.ofSeconds(60);

    /** The cache's clock, in nanoseconds; tests move it by hand. */
    private final AtomicLong nanos = new AtomicLong(42);

    private Path file() {
        return dir.resolve("users");
    }

    /** Writes in place and sets the modification time to base + tick seconds. */
    private void write(String content, int tick) throws IOException {
        Files.writeString(file(), content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file(), FileTime.fromMillis(BASE_MILLIS + tick * 1000L));
    }

    private UsersFile open(Duration ttl) throws IOException {
        return UsersFile.openForTest(file(), 4, UsersFileTest.CHEAP,
                new VerifiedLogins(ttl, VerifiedLogins.MAX_ENTRIES, nanos::get));
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void secondLoginWithTheRightPasswordSkipsTheCheckAndTheDummy() throws Exception {
        write("argon:" + ARGON2ID_CHEAP_PW + "\nplain:{PLAIN}pw\n", 0);
        UsersFile users = open(TTL);
        Optional<Account> first = users.authenticate("argon", "pw");
        assertTrue(first.isPresent());
        assertEquals(1, users.passwordChecks());
        assertEquals(first, users.authenticate("argon", "pw"), "same name and credential tag from the cache");
        assertEquals(1, users.passwordChecks(), "the Argon2id check ran once");

        assertTrue(users.authenticate("plain", "pw").isPresent());
        long dummies = users.dummyChecks();
        assertEquals(2, users.passwordChecks());
        for (int i = 0; i < 5; i++) assertTrue(users.authenticate("plain", "pw").isPresent());
        assertEquals(2, users.passwordChecks());
        assertEquals(dummies, users.dummyChecks(), "a {PLAIN} hit pays no dummy Argon2id either");
        assertTrue(users.isStillValid(users.authenticate("plain", "pw").orElseThrow()), "a hit carries the current tag");
    }

    @Test
    void aHitTakesNoCheckPermit() throws Exception {
        // Acquiring a permit fails at once on an interrupted thread, so a login that succeeds on one took none.
        write("alice:" + ARGON2ID_CHEAP_PW + "\n", 0);
        UsersFile users = open(TTL);
        assertTrue(users.authenticate("alice", "pw").isPresent());
        Thread.currentThread().interrupt();
        try {
            assertTrue(users.authenticate("alice", "pw").isPresent());
            assertThrows(StoreException.class, () -> users.authenticate("alice", "wrong"), "a miss still waits for a permit");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void wrongPasswordAfterACachedSuccessIsRefusedByTheFullCheck() throws Exception {
        write("alice:{PLAIN}pw\nbob:" + ARGON2ID_CHEAP_PW + "\n", 0);
        UsersFile users = open(TTL);
        assertTrue(users.authenticate("alice", "pw").isPresent());
        assertTrue(users.authenticate("bob", "pw").isPresent());
        long checks = users.passwordChecks(), dummies = users.dummyChecks();
        for (String wrong : new String[] {"wrong", "pw ", "Pw", "", "pwpw"}) {
            assertEquals(Optional.empty(), users.authenticate("alice", wrong), wrong);
            assertEquals(Optional.empty(), users.authenticate("bob", wrong), wrong);
        }
        assertEquals(checks + 10, users.passwordChecks(), "no wrong password is answered from the cache");
        assertEquals(dummies + 5, users.dummyChecks(), "alice's wrong passwords are still padded");
        // Another user's cached password is not this user's: the name is part of what is remembered.
        assertEquals(Optional.empty(), users.authenticate("carol", "pw"));
        assertTrue(users.authenticate("alice", "pw").isPresent(), "failures did not drop the success");
        assertEquals(checks + 11, users.passwordChecks());
    }

    @Test
    void failuresAreNeverRemembered() throws Exception {
        write("alice:{PLAIN}pw\n", 0);
        UsersFile users = open(TTL);
        users.authenticate("alice", "wrong");
        users.authenticate("alice", "wrong");
        users.authenticate("mallory", "pw");
        assertEquals(0, users.verified().size());
        assertEquals(3, users.passwordChecks());
    }

    @Test
    void aVerificationExpiresAfterTheLifetimeAndAHitDoesNotExtendIt() throws Exception {
        write("alice:" + ARGON2ID_CHEAP_PW + "\n", 0);
        UsersFile users = open(TTL);
        assertTrue(users.authenticate("alice", "pw").isPresent());
        advance(TTL.minusNanos(1));
        assertTrue(users.authenticate("alice", "pw").isPresent());
        assertEquals(1, users.passwordChecks(), "just inside the lifetime: a hit");
        advance(Duration.ofNanos(1));
        assertTrue(users.authenticate("alice", "pw").isPresent());
        assertEquals(2, users.passwordChecks(), "at the lifetime: checked again, though it was hit just before");
        advance(Duration.ofSeconds(30));
        assertTrue(users.authenticate("alice", "pw").isPresent());
        assertEquals(2, users.passwordChecks(), "the new check is remembered afresh");
    }

    @Test
    void changingTheUsersPasswordLineInvalidates() throws Exception {
        write("alice:{PLAIN}pw1\nbob:{PLAIN}bob\n", 0);
        UsersFile users = open(TTL);
        assertTrue(users.authenticate("alice", "pw1").isPresent());
        write("alice:{PLAIN}pw2\nbob:{PLAIN}bob\n", 1); // same size: only the mtime tells
        assertEquals(Optional.empty(), users.authenticate("alice", "pw1"));
        assertEquals(2, users.passwordChecks());
        assertTrue(users.authenticate("alice", "pw2").isPresent());
    }

    @Test
    void anyChangeToTheFileDropsEverything() throws Exception {
        write("alice:{PLAIN}pw\nbob:{PLAIN}bob\n", 0);
        UsersFile users = open(TTL);
        assertTrue(users.authenticate("alice", "pw").isPresent());
        assertEquals(1, users.verified().size());
        write("alice:{PLAIN}pw\nbob:{PLAIN}BOB\n", 1); // only bob changed
        assertTrue(users.authenticate("alice", "pw").isPresent());
        assertEquals(2, users.passwordChecks(), "alice was checked again after the reload");
    }

    @Test
    void removingTheUserInvalidates() throws Exception {
        write("alice:" + ARGON2ID_CHEAP_PW + "\n", 0);
        UsersFile users = open(TTL);
        assertTrue(users.authenticate("alice", "pw").isPresent());
        write("bob:{PLAIN}pw\n", 1);
        assertEquals(Optional.empty(), users.authenticate("alice", "pw"));
        assertEquals(1, users.dummyChecks(), "a removed user takes the unknown-user path");
    }

    @Test
    void aRememberedSuccessNeedsTheTagOfTheCurrentLine() {
        // The reload clears the cache; this is the second guard, for a check that finishes after a reload.
        VerifiedLogins cache = new VerifiedLogins(TTL, 10, nanos::get);
        byte[] digest = cache.digest("alice", bytes("pw"));
        cache.remember("alice", digest, "tag-of-old-line");
        assertTrue(cache.isVerified("alice", digest, "tag-of-old-line"));
        assertFalse(cache.isVerified("alice", digest, "tag-of-new-line"));
        assertFalse(cache.isVerified("alice", cache.digest("alice", bytes("pw2")), "tag-of-old-line"));
        assertFalse(cache.isVerified("bob", cache.digest("bob", bytes("pw")), "tag-of-old-line"));
    }

    @Test
    void zeroLifetimeNeverRemembers() throws Exception {
        write("alice:" + ARGON2ID_CHEAP_PW + "\n", 0);
        UsersFile users = open(Duration.ZERO);
        for (int i = 0; i < 3; i++) assertTrue(users.authenticate("alice", "pw").isPresent());
        assertEquals(3, users.passwordChecks());
        assertEquals(0, users.verified().size());
        assertTrue(UsersFile.open(file(), 1, Duration.ZERO).authenticate("alice", "pw").isPresent());
        assertThrows(IllegalArgumentException.class, () -> UsersFile.open(file(), 1, Duration.ofSeconds(-1)));
    }

    @Test
    void overlongPasswordsAreNeverRemembered() throws Exception {
        String longPassword = "p".repeat(StoredPassword.MAX_PASSWORD_BYTES + 1);
        write("long:{PLAIN}" + longPassword + "\n", 0);
        UsersFile users = open(TTL);
        assertEquals(Optional.empty(), users.authenticate("long", longPassword));
        assertEquals(Optional.empty(), users.authenticate("long", longPassword));
        assertEquals(2, users.passwordChecks());
        assertEquals(0, users.verified().size());
    }

    @Test
    void theCacheKeepsAKeyedDigestNeverThePassword() throws Exception {
        String password = "correct horse battery staple";
        write("alice:{PLAIN}" + password + "\n", 0);
        UsersFile users = open(TTL);
        assertTrue(users.authenticate("alice", password).isPresent());
        byte[] kept = users.verified().remembered("alice");
        assertNotNull(kept);
        assertEquals(VerifiedLogins.DIGEST_BYTES, kept.length);
        assertFalse(contains(kept, bytes(password)), "no password bytes");
        byte[] unkeyed = MessageDigest.getInstance("SHA-256").digest(bytes("alice\0" + password));
        assertFalse(Arrays.equals(unkeyed, kept), "not an unkeyed digest anyone could compute");
        UsersFile other = open(TTL);
        assertTrue(other.authenticate("alice", password).isPresent());
        assertFalse(Arrays.equals(kept, other.verified().remembered("alice")), "each instance has its own key");
        assertNull(users.verified().remembered("bob"));
    }

    @Test
    void theCacheIsBoundedAndDropsExpiredThenOldestFirst() {
        VerifiedLogins cache = new VerifiedLogins(TTL, 3, nanos::get);
        for (String user : new String[] {"a", "b", "c", "d", "e"}) remember(cache, user);
        assertEquals(3, cache.size());
        assertFalse(isVerified(cache, "a"));
        assertFalse(isVerified(cache, "b"));
        for (String user : new String[] {"c", "d", "e"}) assertTrue(isVerified(cache, user), user);

        remember(cache, "c"); // again: moves to the end instead of taking another place
        assertEquals(3, cache.size());
        remember(cache, "f");
        assertFalse(isVerified(cache, "d"), "d was the oldest");
        assertTrue(isVerified(cache, "c"));

        advance(TTL);
        remember(cache, "g");
        assertEquals(1, cache.size(), "expired entries are dropped before anything else");
        assertTrue(isVerified(cache, "g"));
        cache.clear();
        assertEquals(0, cache.size());
        assertFalse(isVerified(cache, "g"));
    }

    private static void remember(VerifiedLogins cache, String user) {
        cache.remember(user, cache.digest(user, bytes("pw")), "tag");
    }

    private static boolean isVerified(VerifiedLogins cache, String user) {
        return cache.isVerified(user, cache.digest(user, bytes("pw")), "tag");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) return true;
        }
        return false;
    }
}
