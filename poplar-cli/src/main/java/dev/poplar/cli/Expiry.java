// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.maildir.UserNames;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the messages of one maildrop that were delivered before a cut-off (RFC 2449 §6.7 EXPIRE), for
 * {@code poplar expire}. Stateless.
 *
 * <p>Removal goes through {@link Maildrop#delete}, the store's all-or-none, durable path (for Maildir:
 * the delete journal, then the unlinks), never around it; so a server session that still has an
 * expired message in its snapshot finds it gone, exactly as if another session had removed it
 * (protocol.md §8).
 */
final class Expiry {
    private Expiry() {}

    /**
     * Lists the maildrop and removes every message received before {@code cutoff}. A message whose
     * delivery time the store does not know ({@link MessageInfo#received()} null) is never removed.
     *
     * @param dryRun count only, remove nothing
     * @return how many messages were (or, with {@code dryRun}, would be) removed
     */
    static int expire(MaildropProvider store, String user, Instant cutoff, boolean dryRun) throws StoreException {
        try (Maildrop drop = store.open(new Account(user))) {
            List<MessageInfo> expired = new ArrayList<>();
            for (MessageInfo m : drop.list()) {
                if (m.received() != null && m.received().isBefore(cutoff)) expired.add(m);
            }
            if (!dryRun && !expired.isEmpty()) drop.delete(expired);
            return expired.size();
        }
    }

    /**
     * The users that have a maildir under {@code root}: directories with a valid user name and a
     * {@code cur/} or {@code new/}, sorted. Anything else there (Dovecot's control files, dot
     * directories) is not a user.
     */
    static List<String> users(Path root) throws IOException {
        List<String> users = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (UserNames.isValid(name) && isMaildir(p)) users.add(name);
            }
        }
        users.sort(null);
        return users;
    }

    static boolean isMaildir(Path dir) {
        return Files.isDirectory(dir.resolve("cur")) || Files.isDirectory(dir.resolve("new"));
    }
}
