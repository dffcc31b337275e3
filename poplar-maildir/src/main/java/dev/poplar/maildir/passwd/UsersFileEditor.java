// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import dev.poplar.maildir.UserNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Adds, changes, removes and lists users in a passwd-file, for {@code poplar user add|list|remove}.
 * Every other line (comments, blank lines, other users, lines it cannot parse) is kept byte for byte,
 * and a changed user keeps its fields after the password. Each change replaces the file atomically
 * (see {@link UsersFileIo#replace}); a new file is created with mode 0600.
 *
 * <p>Thread-safe: changes are serialised by a lock in this JVM and an exclusive lock on a sibling
 * {@code <file>.lock}, so concurrent editors, in other processes too, never lose each other's updates.
 */
public final class UsersFileEditor {

    /** The message for a refused name: says what is allowed, never repeats the (possibly hostile) name. */
    public static final String NAME_RULE =
            "invalid user name: use 1-255 characters from A-Z a-z 0-9 . _ @ + - , not starting with '.' or '-'";

    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final Path file;

    /** @param file the users file; it need not exist yet */
    public UsersFileEditor(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The user names in file order, each once; empty when the file does not exist. */
    public List<String> list() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (byte[] line : readLines(target())) {
            String name = userField(line);
            if (name != null && UserNames.isValid(name)) names.add(name);
        }
        return List.copyOf(names);
    }

    /**
     * Adds a user.
     *
     * @param passwordField a field from {@link PasswordHasher#hash} (or any field {@link PasswordFields}
     *                      accepts)
     * @param replace       whether an existing user's password may be replaced (its other fields kept)
     * @return {@code false} when the user exists and {@code replace} is false; the file is then unchanged
     * @throws IllegalArgumentException for an invalid name or password field
     */
    public boolean add(String name, String passwordField, boolean replace) throws IOException {
        checkName(name);
        checkField(passwordField);
        return edit(lines -> {
            int i = indexOf(lines, name);
            if (i >= 0 && !replace) return false;
            if (i >= 0) {
                lines.set(i, withPassword(lines.get(i), passwordField));
            } else {
                int last = lines.size() - 1;
                // The new line must start on a line of its own.
                if (last >= 0 && !endsWithNewline(lines.get(last))) lines.set(last, concat(lines.get(last), "\n"));
                lines.add((name + ":" + passwordField + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return true;
        });
    }

    /**
     * Changes a user's password, keeping the fields after it.
     *
     * @return {@code false} when there is no such user; the file is then unchanged
     * @throws IllegalArgumentException for an invalid name or password field
     */
    public boolean setPassword(String name, String passwordField) throws IOException {
        checkName(name);
        checkField(passwordField);
        return edit(lines -> {
            // Only the first line counts for the server (as in Dovecot), so only it is changed.
            int i = indexOf(lines, name);
            if (i < 0) return false;
            lines.set(i, withPassword(lines.get(i), passwordField));
            return true;
        });
    }

    /**
     * Removes a user: every line with that name, so that no later duplicate takes its place.
     *
     * @return {@code false} when there is no such user; the file is then unchanged
     * @throws IllegalArgumentException for an invalid name
     */
    public boolean remove(String name) throws IOException {
        checkName(name);
        return edit(lines -> lines.removeIf(line -> name.equals(userField(line))));
    }

    /** A change to the lines; returns whether anything changed. */
    private interface Change {
        boolean apply(List<byte[]> lines);
    }

    private boolean edit(Change change) throws IOException {
        Path target = target();
        Path dir = target.toAbsolutePath().getParent();
        // Said plainly, rather than as a failure to create the lock file.
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "users file directory does not exist");
        }
        JVM_LOCK.lock();
        try (FileChannel lockFile = openLockFile(target)) {
            // Released when the channel closes. Blocks while another process edits.
            lockFile.lock();
            List<byte[]> lines = readLines(target);
            if (!change.apply(lines)) return false;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] line : lines) out.writeBytes(line);
            UsersFileIo.replace(target, out.toByteArray());
            return true;
        } finally {
            JVM_LOCK.unlock();
        }
    }

    /** The file to replace: a symbolic link is followed, so that the link survives the rename. */
    private Path target() throws IOException {
        return Files.isSymbolicLink(file) ? file.toRealPath() : file;
    }

    private static FileChannel openLockFile(Path target) throws IOException {
        Path lock = target.resolveSibling(target.getFileName() + ".lock");
        boolean posix = Files.getFileStore(target.toAbsolutePath().getParent())
                .supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(UsersFileIo.OWNER_ONLY)}
                : new FileAttribute<?>[0];
        return FileChannel.open(lock, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), attrs);
    }

    private static List<byte[]> readLines(Path target) throws IOException {
        if (!Files.exists(target)) return new ArrayList<>();
        return UsersFileIo.lines(UsersFileIo.read(target));
    }

    private static int indexOf(List<byte[]> lines, String name) {
        for (int i = 0; i < lines.size(); i++) {
            if (name.equals(userField(lines.get(i)))) return i;
        }
        return -1;
    }

    /**
     * The text before the first colon of a user line, or {@code null} for a comment, a blank line or a
     * line without a colon. Decoded as ISO-8859-1 (one char per byte): valid names are ASCII, so a line
     * with other bytes there never equals one, and nothing fails to decode.
     */
    static String userField(byte[] line) {
        int end = UsersFileIo.contentLength(line);
        if (end == 0 || line[0] == '#') return null;
        for (int i = 0; i < end; i++) {
            if (line[i] == ':') return new String(line, 0, i, StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    /** The line with its second field replaced; the name, the later fields and the line end are kept. */
    private static byte[] withPassword(byte[] line, String passwordField) {
        int end = UsersFileIo.contentLength(line);
        int first = indexOfColon(line, 0, end);
        int second = indexOfColon(line, first + 1, end);
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + passwordField.length());
        out.write(line, 0, first + 1);
        out.writeBytes(passwordField.getBytes(StandardCharsets.UTF_8));
        if (second >= 0) out.write(line, second, end - second);
        out.write(line, end, line.length - end);
        return out.toByteArray();
    }

    private static int indexOfColon(byte[] line, int from, int end) {
        for (int i = from; i < end; i++) {
            if (line[i] == ':') return i;
        }
        return -1;
    }

    private static boolean endsWithNewline(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\n';
    }

    private static byte[] concat(byte[] line, String suffix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + suffix.length());
        out.writeBytes(line);
        out.writeBytes(suffix.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void checkName(String name) {
        if (!UserNames.isValid(name)) throw new IllegalArgumentException(NAME_RULE);
    }

    private static void checkField(String field) {
        Objects.requireNonNull(field, "passwordField");
        // A colon would start the next field and a line break a new line: the entry would change meaning.
        if (field.indexOf(':') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("password field must not contain ':' or a line break");
        }
        try {
            PasswordFields.parse(field);
        } catch (InvalidHashException e) {
            throw new IllegalArgumentException("password field refused: " + e.getMessage());
        }
    }
}
