// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Reading and atomically replacing the users file. Stateless. */
final class UsersFileIo {
    private UsersFileIo() {}

    /**
     * Largest users file read: 128 MiB, about a million Argon2id entries. A bigger file is a mistake (or
     * an attack) and would cost the server that much heap at each reload.
     */
    static final long MAX_FILE_BYTES = 128L * 1024 * 1024;

    /** rw------- : the file holds password hashes (and possibly plaintext passwords). */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final System.Logger LOG = System.getLogger(UsersFileIo.class.getName());

    /** Reads the whole file, refusing anything that is not a regular file or is too large. */
    static byte[] read(Path path) throws IOException {
        // A FIFO or device would block or never end; only a regular file is a users file.
        if (!Files.isRegularFile(path)) {
            if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "users file not found");
            throw new IOException("users file " + path + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IOException("users file " + path + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /** A clear one-line description of why a users file cannot be read. */
    static String describe(Path path, IOException e) {
        if (e instanceof NoSuchFileException) return "users file " + path + " does not exist";
        if (e instanceof AccessDeniedException) return "users file " + path + " is not readable (permission denied)";
        // Our own messages already name the file; the JDK's name it too, and the reason is what is new.
        String message = e.getMessage();
        if (message != null && message.startsWith("users file ")) return message;
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : message;
        return "cannot read users file " + path + ": " + reason;
    }

    /** Splits into lines, each keeping its {@code \n} (the last one may have none). */
    static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lines.add(Arrays.copyOfRange(content, start, i + 1));
                start = i + 1;
            }
        }
        if (start < content.length) lines.add(Arrays.copyOfRange(content, start, content.length));
        return lines;
    }

    /** Length of a line without its {@code \n} or {@code \r\n}. */
    static int contentLength(byte[] line) {
        int n = line.length;
        if (n > 0 && line[n - 1] == '\n') n--;
        if (n > 0 && line[n - 1] == '\r') n--;
        return n;
    }

    /**
     * Replaces the file atomically: a temporary file in the same directory, written and fsynced, renamed
     * over the target, then the directory fsynced. A reader sees the old file or the new one, never a
     * mix, and a crash leaves one of them. A new file is mode 0600; an existing file's mode, owner and
     * group are kept, because the server may read it under another account than the editor's.
     */
    static void replace(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            if (posix && Files.exists(target)) keepOwnerAndMode(target, tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    private static void keepOwnerAndMode(Path from, Path to) throws IOException {
        PosixFileAttributes old = Files.readAttributes(from, PosixFileAttributes.class);
        PosixFileAttributes now = Files.readAttributes(to, PosixFileAttributes.class);
        Files.setPosixFilePermissions(to, old.permissions());
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
            if (!old.owner().equals(now.owner())) view.setOwner(old.owner());
            if (!old.group().equals(now.group())) view.setGroup(old.group());
        } catch (IOException e) {
            // Going on would leave a file the server may not be allowed to read.
            throw new IOException("cannot keep the owner and group of " + from
                    + "; run this as the file's owner or as root", e);
        }
    }

    /** Makes the rename durable. Not every platform can open a directory; the rename is atomic anyway. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot fsync directory {0}: {1}", dir, e.getMessage());
        }
    }
}
