// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One message on its way from the server to a destination. Write the message to {@link #output()},
 * call {@link #complete()} only after the POP3 end marker was read, deliver the returned path, then
 * {@link #close()}, which deletes the file in every case. A file that was never completed cannot be
 * handed out. Not thread-safe: one fetch loop owns it.
 *
 * <p>Not fsynced: a spool file never needs to survive a crash. The destination makes the message
 * durable, and until the unique-id is recorded the server still has it.
 */
public final class SpoolFile implements AutoCloseable {
    /** Large enough for few system calls, fixed so memory stays constant for any message size. */
    private static final int BUFFER = 64 * 1024;

    private final Path path;
    private final OutputStream out;
    private boolean complete;
    private boolean closed;

    SpoolFile(Path path) throws IOException {
        this.path = path;
        this.out = new BufferedOutputStream(Files.newOutputStream(path), BUFFER);
    }

    /** @return where to write the message bytes (do not close it; {@link #complete()} does) */
    public OutputStream output() {
        if (complete || closed) throw new IllegalStateException("spool file no longer writable");
        return out;
    }

    /**
     * Declares the message whole: call after the POP3 end marker, never after an error.
     *
     * @return the spooled message, readable until {@link #close()}
     * @throws IOException when the last bytes cannot be written (then it is not complete)
     */
    public Path complete() throws IOException {
        if (closed) throw new IllegalStateException("spool file closed");
        if (!complete) {
            out.close();
            complete = true;
        }
        return path;
    }

    /** @return whether {@link #complete()} succeeded */
    public boolean isComplete() {
        return complete;
    }

    /** Deletes the file, delivered or not. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (!complete) out.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
