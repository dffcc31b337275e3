// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A large stored message on disk, in a temp directory of its own for the trial: a mail with a base64
 * attachment and bare-LF line ends, as a Maildir holds it. After the first read it is in the page cache,
 * so the RETR benchmarks measure the copy loop, not the disk. Read-only after setup; shared by all threads.
 */
@State(Scope.Benchmark)
public class MessageFile {
    /** Size in MiB. */
    @Param({"1", "16"})
    public int mib;

    Path dir;
    Path file;
    long octets;

    @Setup(Level.Trial)
    public void create() throws IOException {
        dir = Files.createTempDirectory("poplar-jmh-");
        file = dir.resolve("message");
        byte[] message = Messages.base64Attachment(mib * 1024 * 1024, "\n");
        Files.write(file, message);
        octets = message.length;
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }
}
