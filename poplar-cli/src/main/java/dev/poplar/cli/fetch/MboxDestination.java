// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Appends to an mbox file in mboxrd format ({@link MboxrdEncoder}): a {@code From SENDER DATE} line
 * (asctime, UTC), the quoted message with LF line ends, an empty line. Thread-safe: each delivery
 * takes the locks below, which also exclude other programs.
 *
 * <ol>
 *   <li>Dotlock {@code FILE.lock} ({@link DotLock}), then an exclusive fcntl lock on the file
 *       ({@link FileChannel#tryLock()}), both waited for up to the lock wait: MUAs use one or the other.</li>
 *   <li>Append at the old end, fsync, then unlock: a reader that takes the lock sees whole messages.</li>
 *   <li>On any failure (disk full) truncate back to the old length and fsync, so no half message stays
 *       to corrupt the next one (the failure is then temporary: the server still has the message).</li>
 * </ol>
 */
public final class MboxDestination implements Destination {
    /** How long another program may hold the mbox before this delivery gives up (temporarily). */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    /** A dotlock this old was left by a crash (procmail: 17 minutes; mutt and others: about 5). */
    static final Duration STALE_LOCK = Duration.ofMinutes(5);

    private static final int BUFFER = 64 * 1024;
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path file;
    private final Duration lockWait;
    private final Duration staleAfter;
    private final UnaryOperator<OutputStream> wrap;

    /** @param file the mbox file; created (mode 0600) when missing */
    public MboxDestination(Path file) {
        this(file, LOCK_WAIT, STALE_LOCK, UnaryOperator.identity());
    }

    /** For tests: other lock times, and a wrapper around the file's output to inject write failures. */
    MboxDestination(Path file, Duration lockWait, Duration staleAfter, UnaryOperator<OutputStream> wrap) {
        this.file = Objects.requireNonNull(file, "file");
        this.lockWait = lockWait;
        this.staleAfter = staleAfter;
        this.wrap = wrap;
    }

    /** @return the mbox file */
    public Path file() {
        return file;
    }

    @Override
    public void deliver(Path spooled, MessageMeta meta) throws DeliveryException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Optional<DotLock> dotLock = DotLock.acquire(lockFile, lockWait, staleAfter);
            if (dotLock.isEmpty()) throw DeliveryException.temporary("mbox " + file + " is locked (" + lockFile + ")", null);
            try (DotLock held = dotLock.get()) {
                appendLocked(spooled, meta);
            }
        } catch (IOException e) {
            throw DeliveryException.temporary("mbox " + file + ": " + e.getMessage(), e);
        }
    }

    private void appendLocked(Path spooled, MessageMeta meta) throws IOException, DeliveryException {
        boolean existed = Files.exists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            FileLock lock = fcntlLock(channel);
            if (lock == null) throw DeliveryException.temporary("mbox " + file + " is locked (fcntl)", null);
            long oldSize = channel.size();
            try {
                append(channel, oldSize, spooled, meta);
                channel.force(true);
            } catch (IOException | RuntimeException e) {
                try {
                    channel.truncate(oldSize);
                    channel.force(true);
                } catch (IOException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
            if (!existed) Fsync.directory(file.toAbsolutePath().getParent());
            // Closing the channel releases the fcntl lock, after the data is on disk.
        }
    }

    private void append(FileChannel channel, long oldSize, Path spooled, MessageMeta meta) throws IOException {
        channel.position(oldSize);
        // Not closed: closing a channel stream closes the channel, which is closed by the caller.
        OutputStream out = wrap.apply(Channels.newOutputStream(channel));
        StringBuilder from = new StringBuilder();
        // mboxrd needs an empty line before "From "; a file written by a careless program may lack it.
        if (oldSize > 0 && !endsWithBlankLine(channel, oldSize)) from.append('\n');
        from.append("From ").append(sender(meta.envelopeSender())).append(' ')
                .append(ASCTIME.format(meta.received())).append('\n');
        out.write(from.toString().getBytes(StandardCharsets.UTF_8));
        MboxrdEncoder encoder = new MboxrdEncoder(out);
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(spooled)) {
            int n;
            while ((n = in.read(buffer)) >= 0) encoder.write(buffer, 0, n);
        }
        encoder.finish();
    }

    private static boolean endsWithBlankLine(FileChannel channel, long size) throws IOException {
        if (size < 2) return false;
        ByteBuffer tail = ByteBuffer.allocate(2);
        channel.read(tail, size - 2);
        return tail.get(0) == '\n' && tail.get(1) == '\n';
    }

    /** The envelope sender as one word; MAILER-DAEMON when unknown or unusable (spaces, controls). */
    static String sender(String envelopeSender) {
        if (envelopeSender.isEmpty()) return "MAILER-DAEMON";
        for (int i = 0; i < envelopeSender.length(); i++) {
            char c = envelopeSender.charAt(i);
            if (c <= ' ' || c == 0x7f) return "MAILER-DAEMON";
        }
        return envelopeSender;
    }

    private FileLock fcntlLock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) return lock;
            } catch (OverlappingFileLockException sameJvm) {
                // Another thread of this process holds it; wait like for any other holder.
            }
            if (System.nanoTime() - deadline >= 0) return null;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
