// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a directory, so a create or rename in it survives a power cut. Stateless; thread-safe. */
final class Fsync {
    private Fsync() {}

    static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems (and Windows) cannot open a directory; there a rename is as durable as
            // the platform makes it, and failing the delivery would not make it more so.
            if (!WINDOWS) throw e;
        }
    }

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
}
