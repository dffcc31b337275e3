// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An mbox dotlock ({@code FILE.lock}), the lock MUAs and MDAs (mutt, procmail, mail.local) agree on
 * besides fcntl. Created with O_EXCL ({@code CREATE_NEW}), removed on {@link #close()}. A lock older
 * than the stale age is taken to be left by a crashed program and removed, as procmail and mutt do
 * (both use a few minutes); two programs breaking the same stale lock at once is the known weakness of
 * dotlocks, which is why the mbox writer also takes an fcntl lock. Not thread-safe: one holder.
 */
final class DotLock implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final Path file;

    private DotLock(Path file) {
        this.file = file;
    }

    /**
     * Takes the lock, waiting up to {@code wait}.
     *
     * @return the lock, or empty when another holder kept it for the whole wait
     * @throws IOException when the lock file cannot be created for another reason (permissions)
     */
    static Optional<DotLock> acquire(Path file, Duration wait, Duration staleAfter) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                Files.write(file, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return Optional.of(new DotLock(file));
            } catch (FileAlreadyExistsException held) {
                if (isStale(file, staleAfter)) {
                    Files.deleteIfExists(file);
                    continue;
                }
                if (System.nanoTime() - deadline >= 0) return Optional.empty();
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    private static boolean isStale(Path file, Duration staleAfter) throws IOException {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return modified.plus(staleAfter).isBefore(Instant.now());
        } catch (NoSuchFileException gone) {
            return true; // released between our create and this check: just try again
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
