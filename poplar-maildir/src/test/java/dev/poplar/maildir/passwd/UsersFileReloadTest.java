// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static dev.poplar.maildir.passwd.Vectors.ARGON2ID_CHEAP_PW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.Account;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Picking up changes to the users file without a restart, and surviving a bad reload. */
class UsersFileReloadTest {

    @TempDir
    Path dir;

    /** A fixed base time: mtimes are set explicitly, so no test depends on the clock or on sleeping. */
    private static final long BASE_MILLIS = 1_700_000_000_000L;

    private Path file() {
        return dir.resolve("users");
    }

    /** Writes in place (same inode) and sets the modification time to base + tick seconds. */
    private void write(String content, int tick) throws IOException {
        Files.writeString(file(), content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file(), FileTime.fromMillis(BASE_MILLIS + tick * 1000L));
    }

    @Test
    void changedModificationTimeWithSameSizeTriggersReload() throws Exception {
        write("alice:{PLAIN}pw1\n", 0);
        UsersFile users = UsersFileTest.open(file());
        assertTrue(users.authenticate("alice", "pw1").isPresent());
        write("alice:{PLAIN}pw2\n", 1); // same size, same inode: only the mtime tells
        assertEquals(Optional.empty(), users.authenticate("alice", "pw1"));
        assertTrue(users.authenticate("alice", "pw2").isPresent());
    }

    @Test
    void changedSizeWithSameModificationTimeTriggersReload() throws Exception {
        write("alice:{PLAIN}pw1\n", 0);
        UsersFile users = UsersFileTest.open(file());
        write("alice:{PLAIN}pw1\nbob:{PLAIN}pw\n", 0);
        assertTrue(users.authenticate("bob", "pw").isPresent());
    }

    @Test
    void unchangedFileIsNotReread() throws Exception {
        write("alice:{PLAIN}pw1\n", 0);
        try (LogCapture log = new LogCapture()) {
            UsersFile users = UsersFileTest.open(file());
            for (int i = 0; i < 5; i++) users.authenticate("alice", "pw1");
            assertEquals(0, log.all().stream().filter(m -> m.contains("reloaded")).count());
            write("alice:{PLAIN}pw1\n", 7);
            users.authenticate("alice", "pw1");
            users.authenticate("alice", "pw1");
            assertEquals(1, log.all().stream().filter(m -> m.contains("reloaded")).count());
        }
    }

    @Test
    void failedReloadKeepsTheLastGoodContentsAndWarnsOnce() throws Exception {
        write("alice:{PLAIN}pw\n", 0);
        UsersFile users = UsersFileTest.open(file());
        try (LogCapture log = new LogCapture()) {
            // The path now names a directory: stat works, reading does not.
            Files.delete(file());
            Files.createDirectory(file());
            for (int i = 0; i < 3; i++) assertTrue(users.authenticate("alice", "pw").isPresent());
            assertEquals(1, log.warnings().size(), String.join("\n", log.warnings()));
            assertTrue(log.warnings().get(0).contains("keeping the last good contents (1 users)"), log.warnings().get(0));

            // The path is gone altogether: stat fails.
            Files.delete(file());
            for (int i = 0; i < 3; i++) assertTrue(users.authenticate("alice", "pw").isPresent());
            assertEquals(2, log.warnings().size(), String.join("\n", log.warnings()));

            // A good file again is picked up.
            write("bob:{PLAIN}pw\n", 2);
            assertTrue(users.authenticate("bob", "pw").isPresent());
            assertEquals(Optional.empty(), users.authenticate("alice", "pw"));
        }
    }

    @Test
    void badLinesInANewVersionDoNotDropTheGoodOnes() throws Exception {
        write("alice:{PLAIN}pw\n", 0);
        UsersFile users = UsersFileTest.open(file());
        write("alice:{PLAIN}pw\nbob:$argon2id$v=19$m=999999999,t=1,p=1$c2FsdHNhbHQ$V4H3HtTOx/OSF1MH0AOC7qYPwyx7EScAQXWSGhaLb7Q\n", 1);
        assertTrue(users.authenticate("alice", "pw").isPresent());
        assertEquals(Optional.empty(), users.authenticate("bob", "pw"));
    }

    @Test
    void editorChangesAreSeenWithoutRestartEvenWithinOneTimestampTick() throws Exception {
        // The editor renames a new file into place: the inode changes even if mtime and size do not.
        UsersFileEditor editor = new UsersFileEditor(file());
        editor.add("alice", "{PLAIN}pw1", false);
        Files.setLastModifiedTime(file(), FileTime.fromMillis(BASE_MILLIS));
        UsersFile users = UsersFileTest.open(file());
        editor.setPassword("alice", "{PLAIN}pw2");
        Files.setLastModifiedTime(file(), FileTime.fromMillis(BASE_MILLIS));
        assertTrue(users.authenticate("alice", "pw2").isPresent());
        editor.remove("alice");
        assertEquals(Optional.empty(), users.authenticate("alice", "pw2"));
    }

    @Test
    void concurrentAuthenticationsDuringReloadsAlwaysSeeAConsistentTable() throws Exception {
        // Four threads authenticate while the main thread keeps adding and removing bob through the
        // editor (atomic renames). alice is in every version and must always succeed; bob's answer may
        // be either; nothing may throw. Every loop is bounded.
        UsersFileEditor editor = new UsersFileEditor(file());
        editor.add("alice", "{ARGON2ID}" + ARGON2ID_CHEAP_PW, false);
        editor.add("carol", "{PLAIN}pw", false);
        UsersFile users = UsersFileTest.open(file());
        int threads = 4, rounds = 40, edits = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int bobSeen = 0;
                    for (int i = 0; i < rounds; i++) {
                        assertEquals(Optional.of("alice"), users.authenticate("alice", "pw").map(Account::name));
                        assertEquals(Optional.empty(), users.authenticate("alice", "wrong"));
                        assertEquals(Optional.of("carol"), users.authenticate("carol", "pw").map(Account::name));
                        if (users.authenticate("bob", "pw").isPresent()) bobSeen++;
                    }
                    return bobSeen;
                }));
            }
            start.countDown();
            for (int i = 0; i < edits; i++) {
                if (i % 2 == 0) editor.add("bob", "{PLAIN}pw", false);
                else editor.remove("bob");
            }
            for (Future<Integer> f : results) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        // After the last edit (a removal) and one more check, bob is gone.
        assertEquals(Optional.empty(), users.authenticate("bob", "pw"));
        assertTrue(users.authenticate("alice", "pw").isPresent());
    }
}
