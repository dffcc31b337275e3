// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** poplar user add/list/remove: edits that keep everything else and replace the file atomically. */
class UsersFileEditorTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("users");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String read() throws Exception {
        return Files.readString(file(), StandardCharsets.UTF_8);
    }

    private static boolean posix(Path p) throws Exception {
        return Files.getFileStore(p).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    @Test
    void addCreatesAMissingFileWithMode0600() throws Exception {
        UsersFileEditor editor = new UsersFileEditor(file());
        assertEquals(List.of(), editor.list(), "no file: no users");
        assertTrue(editor.add("alice", "{PLAIN}pw", false));
        assertEquals("alice:{PLAIN}pw\n", read());
        assumeTrue(posix(dir));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void addOfAHashFromTheHasherAuthenticates() throws Exception {
        UsersFileEditor editor = new UsersFileEditor(file());
        editor.add("alice", new PasswordHasher.Argon2id(64, 1, 1).hash("s3cret pass"), false);
        UsersFile users = UsersFileTest.open(file());
        assertTrue(users.authenticate("alice", "s3cret pass").isPresent());
    }

    @Test
    void addKeepsCommentsOtherLinesAndUnparsableLinesByteForByte() throws Exception {
        // A CRLF line, a line with invalid UTF-8, a comment, a blank line and a last line without newline.
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        original.writeBytes(bytes("# users of example.org\n\n"));
        original.writeBytes(bytes("bob:{PLAIN}b:1000:1000::/home/bob::readonly=yes\r\n"));
        original.writeBytes("latin:{PLAIN}\u00e4\n".getBytes(StandardCharsets.ISO_8859_1));
        original.writeBytes(bytes("  # indented comment\n"));
        original.writeBytes(bytes("carol:{PLAIN}c"));
        Files.write(file(), original.toByteArray());

        UsersFileEditor editor = new UsersFileEditor(file());
        assertTrue(editor.add("alice", "{PLAIN}a", false));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(original.toByteArray());
        expected.writeBytes(bytes("\nalice:{PLAIN}a\n"));
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file()));
        assertEquals(List.of("bob", "latin", "carol", "alice"), editor.list());
    }

    @Test
    void addRefusesADuplicateUnlessReplacingAndReplacingKeepsTheOtherFields() throws Exception {
        Files.writeString(file(), "# c\nbob:{PLAIN}old:1000:1000:Bob:/home/bob:/bin/sh:readonly=yes\r\nzed:{PLAIN}z\n");
        UsersFileEditor editor = new UsersFileEditor(file());
        byte[] before = Files.readAllBytes(file());
        assertFalse(editor.add("bob", "{PLAIN}new", false));
        assertArrayEquals(before, Files.readAllBytes(file()), "refused: unchanged");
        assertTrue(editor.add("bob", "{PLAIN}new", true));
        assertEquals("# c\nbob:{PLAIN}new:1000:1000:Bob:/home/bob:/bin/sh:readonly=yes\r\nzed:{PLAIN}z\n", read());
    }

    @Test
    void setPasswordChangesOnlyThePasswordFieldOfTheFirstLine() throws Exception {
        Files.writeString(file(), "a:{PLAIN}x\nbob:{PLAIN}old\nbob:{PLAIN}dup::\n");
        UsersFileEditor editor = new UsersFileEditor(file());
        assertTrue(editor.setPassword("bob", "{PLAIN}new"));
        assertEquals("a:{PLAIN}x\nbob:{PLAIN}new\nbob:{PLAIN}dup::\n", read());
        assertFalse(editor.setPassword("nobody", "{PLAIN}new"));
        assertEquals("a:{PLAIN}x\nbob:{PLAIN}new\nbob:{PLAIN}dup::\n", read());
    }

    @Test
    void removeDeletesEveryLineOfTheUserAndKeepsTheRest() throws Exception {
        Files.writeString(file(), "# keep me\nbob:{PLAIN}1\nalice:{PLAIN}a\n#bob:{PLAIN}commented\nbob:{PLAIN}2\nbobby:{PLAIN}3\n");
        UsersFileEditor editor = new UsersFileEditor(file());
        assertTrue(editor.remove("bob"));
        assertEquals("# keep me\nalice:{PLAIN}a\n#bob:{PLAIN}commented\nbobby:{PLAIN}3\n", read());
        byte[] before = Files.readAllBytes(file());
        assertFalse(editor.remove("bob"));
        assertArrayEquals(before, Files.readAllBytes(file()));
        assertFalse(new UsersFileEditor(dir.resolve("missing")).remove("bob"));
        assertFalse(Files.exists(dir.resolve("missing")), "removing from no file creates none");
    }

    @Test
    void listGivesValidNamesInFileOrderOnce() throws Exception {
        Files.writeString(file(), "# x:y\nzed:{PLAIN}1\n\nalice:{PLAIN}2\n../bad:{PLAIN}3\nnocolon\nzed:{PLAIN}4\n");
        assertEquals(List.of("zed", "alice"), new UsersFileEditor(file()).list());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a:b", "", ".hidden", "-rf", "a b", "a/b", "a\nb", "a\u0000b", "\u00e9lise"})
    void invalidNamesAreRefusedWithAMessageSayingWhatIsAllowed(String name) throws Exception {
        UsersFileEditor editor = new UsersFileEditor(file());
        for (var call : List.<ThrowingCall>of(
                () -> editor.add(name, "{PLAIN}pw", false),
                () -> editor.setPassword(name, "{PLAIN}pw"),
                () -> editor.remove(name))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertTrue(e.getMessage().contains("A-Z a-z 0-9 . _ @ + -"), e.getMessage());
            if (!name.isEmpty()) assertFalse(e.getMessage().contains(name), "the name is not echoed");
        }
        assertFalse(Files.exists(file()), "nothing written");
    }

    @Test
    void badPasswordFieldsAreRefusedWithoutEchoingThem() throws Exception {
        UsersFileEditor editor = new UsersFileEditor(file());
        for (String field : List.of("{PLAIN}a:b", "{PLAIN}a\nmallory:{PLAIN}x", "plaintext-no-scheme", "{PLAIN}", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> editor.add("alice", field, false));
            if (!field.isEmpty()) assertFalse(e.getMessage().contains(field), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> editor.add("alice", null, false));
        assertFalse(Files.exists(file()));
    }

    @Test
    void existingModeIsKeptAndNoTemporaryFilesAreLeft() throws Exception {
        assumeTrue(posix(dir));
        Files.writeString(file(), "a:{PLAIN}x\n");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r-----"));
        UsersFileEditor editor = new UsersFileEditor(file());
        editor.add("b", "{PLAIN}y", false);
        editor.remove("a");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("users", "users.lock"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void missingDirectoryIsReportedAsSuch() {
        Path nowhere = dir.resolve("no-such-dir").resolve("users");
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> new UsersFileEditor(nowhere).add("alice", "{PLAIN}pw", false));
        assertTrue(e.getMessage().contains("directory does not exist"), e.getMessage());
    }

    @Test
    void symbolicLinkIsFollowedAndSurvivesTheEdit() throws Exception {
        Path real = Files.createDirectory(dir.resolve("etc")).resolve("users");
        Files.writeString(real, "a:{PLAIN}x\n");
        Path link;
        try {
            link = Files.createSymbolicLink(file(), real);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            assumeTrue(false, "no symbolic links here");
            return;
        }
        new UsersFileEditor(link).add("b", "{PLAIN}y", false);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("a:{PLAIN}x\nb:{PLAIN}y\n", Files.readString(real));
    }

    @Test
    void concurrentEditorsDoNotLoseUpdates() throws Exception {
        // Two threads, each with its own editor, add ten users apiece; every one must end up in the file.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String prefix : List.of("a", "b")) {
                done.add(pool.submit(() -> {
                    UsersFileEditor editor = new UsersFileEditor(file());
                    for (int i = 0; i < 10; i++) editor.add(prefix + i, "{PLAIN}pw", false);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, new UsersFileEditor(file()).list().size());
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
