// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Finds the messages of a maildir: the regular files of {@code cur/} and {@code new/}, by base name.
 * Stateless.
 *
 * <p>Dovecot's Maildir notes (research notes §4.2): {@code readdir} can skip an entry that is renamed
 * while the directory is read, on all common file systems. Another program moves messages from
 * {@code new/} to {@code cur/} and renames them within {@code cur/} when flags change. So we read
 * {@code cur/}, then {@code new/}, then {@code cur/} again and take the union by base name: a message
 * moved from {@code new/} to {@code cur/} after we read {@code cur/} the first time, and before we
 * read {@code new/}, is found by the second read of {@code cur/}.
 */
final class MaildirScanner {
    static final String CUR = "cur";
    static final String NEW = "new";
    static final String TMP = "tmp";

    private MaildirScanner() {}

    /** The messages now in the maildir: base name to the path where it was last seen. */
    static Map<String, Path> scan(Path maildir) throws IOException {
        return scan(maildir, pass -> {});
    }

    /** As {@link #scan(Path)}, calling {@code afterPass} after each of the three reads (a test seam). */
    static Map<String, Path> scan(Path maildir, IntConsumer afterPass) throws IOException {
        Path cur = maildir.resolve(CUR);
        Path[] passes = {cur, maildir.resolve(NEW), cur};
        Map<String, Path> found = new HashMap<>();
        for (int i = 0; i < passes.length; i++) {
            read(passes[i], found);
            afterPass.accept(i);
        }
        return found;
    }

    private static void read(Path dir, Map<String, Path> found) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path path : entries) {
                String name = path.getFileName().toString();
                // maildir(5): names starting with a dot are not messages (and "." / ".." never are).
                if (name.startsWith(".")) continue;
                String base = MaildirName.baseOf(name);
                if (path.equals(found.get(base))) continue; // seen in an earlier pass, unchanged
                if (isRegularFile(path)) found.put(base, path);
            }
        } catch (NoSuchFileException e) {
            // No cur/ or new/ yet (nothing delivered): no messages there.
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    /**
     * Whether a path is a regular file itself. NOFOLLOW_LINKS: a symbolic link, a directory, a FIFO or a
     * device is not a message, and following a link would let whoever can write the maildir make us
     * serve any file the server can read.
     */
    static boolean isRegularFile(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (NoSuchFileException e) {
            return false; // renamed or removed since readdir: a later pass or a rescan finds it
        }
    }
}
