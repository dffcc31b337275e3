// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import dev.poplar.maildir.MaildirDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Delivers into a Maildir with {@link MaildirDelivery}: {@code tmp/}, fsync, rename into {@code new/},
 * fsync of {@code new/}; the message is durable when {@link #deliver} returns. Stored byte for byte as
 * received, like {@code poplar deliver}. Thread-safe: holds only the directory.
 *
 * @param maildir the Maildir; it and its subdirectories are created when missing
 */
public record MaildirDestination(Path maildir) implements Destination {
    public MaildirDestination {
        Objects.requireNonNull(maildir, "maildir");
    }

    @Override
    public void deliver(Path spooled, MessageMeta meta) throws DeliveryException {
        try (InputStream in = Files.newInputStream(spooled)) {
            new MaildirDelivery().deliver(maildir, in);
        } catch (IOException e) {
            // Disk full, permissions, a missing mount: all may pass, and MaildirDelivery left nothing
            // behind, so the message stays on the server and the next run tries again.
            throw DeliveryException.temporary("maildir " + maildir + ": " + e.getMessage(), e);
        }
    }

    /** Spools into {@code tmp/}: same file system, and Maildir readers already ignore it. */
    @Override
    public Optional<Path> spoolDirectory() {
        return Optional.of(maildir.resolve("tmp"));
    }
}
