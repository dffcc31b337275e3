// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory of spool files: each message being fetched is written to one and handed to a
 * {@link Destination} only when complete, so a connection drop mid-RETR never delivers half a message
 * (research notes §2: fetchmail's MDA mode and Commons Net do; §5 "Copy" 13). Thread-safe: holds only
 * the directory; each {@link SpoolFile} belongs to one thread.
 */
public final class Spool {
    /** Our spool files start with this, so leftovers of a killed run can be told from other files. */
    static final String PREFIX = "poplar-fetch-";
    static final String SUFFIX = ".spool";

    private final Path directory;

    /** @param directory where spool files go; created when missing */
    public Spool(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * The spool next to a state file: {@code STATE.spool/}, on the same file system as the state.
     *
     * @param stateFile the account's state file
     * @return the spool
     */
    public static Spool beside(Path stateFile) {
        Path abs = stateFile.toAbsolutePath();
        return new Spool(abs.resolveSibling(abs.getFileName() + ".spool"));
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    /**
     * Starts a spool file.
     *
     * @return an open, empty spool file; close it in all cases (that deletes it)
     * @throws IOException when the file cannot be created
     */
    public SpoolFile create() throws IOException {
        Files.createDirectories(directory);
        return new SpoolFile(Files.createTempFile(directory, PREFIX, SUFFIX));
    }

    /**
     * Deletes the spool files a killed run left behind; they were never delivered (a destination only
     * sees complete files, and the unique-id was not recorded), so the message is fetched again. Call it
     * while holding the account lock, so no running fetch loses its current file.
     *
     * @return how many were deleted
     * @throws IOException when the directory cannot be read
     */
    public int removeLeftovers() throws IOException {
        if (!Files.isDirectory(directory)) return 0;
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.deleteIfExists(file)) removed++;
            }
        }
        return removed;
    }
}
