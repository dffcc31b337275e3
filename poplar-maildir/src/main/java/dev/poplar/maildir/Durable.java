// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * File-system steps that make changes survive a crash or power cut. Stateless.
 *
 * <p>On Linux a new name, a rename or an unlink is durable only once its directory is fsynced
 * (research notes §4.1; Dovecot's {@code mail_fsync=optimized} does the same).
 */
final class Durable {
    /** Deepest directory chain {@link #ensureDirectory} will create; a bound, not a policy. */
    private static final int MAX_DEPTH = 64;

    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private Durable() {}

    /** Fsyncs a directory, making the names in it durable. Works on Linux and the BSDs. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Fsyncs a directory if it exists: a missing one holds nothing to make durable. */
    static void syncDirectoryIfPresent(Path dir) throws IOException {
        try {
            syncDirectory(dir);
        } catch (NoSuchFileException e) {
            // nothing to do
        }
    }

    /** Deletes a file, ignoring any failure; for clean-up on an error path that is already failing. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // The caller is already reporting the original failure.
        }
    }

    /**
     * Creates a directory and any missing parents (mode 0700, as Maildir writers do), fsyncing each
     * parent that gained an entry so the new directory survives a crash.
     */
    static void ensureDirectory(Path dir) throws IOException {
        ensureDirectory(dir.toAbsolutePath(), 0);
    }

    private static void ensureDirectory(Path dir, int depth) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (depth > MAX_DEPTH || dir.getParent() == null) throw new IOException("cannot create " + dir);
        ensureDirectory(dir.getParent(), depth + 1);
        try {
            Files.createDirectory(dir, dirMode(dir));
        } catch (FileAlreadyExistsException e) {
            // Another process created it first; fsync anyway, it may not have done so yet.
            if (!Files.isDirectory(dir)) throw e;
        }
        syncDirectory(dir.getParent());
    }

    private static FileAttribute<?>[] dirMode(Path dir) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR_MODE)} : new FileAttribute<?>[0];
    }
}
