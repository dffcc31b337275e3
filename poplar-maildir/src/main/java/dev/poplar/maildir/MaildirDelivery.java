// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.protocol.MessageEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Delivers a message into a maildir the way maildir(5) and Dovecot do, so that a message is either
 * fully delivered and durable or not there at all. Thread-safe: holds no state; any number of
 * deliveries may run at once, in this process and others.
 *
 * <ol>
 *   <li>Write to {@code tmp/<unique>} ({@link UniqueNames}), streaming in constant memory and counting
 *       the stored size and the POP3 size (CRLF form, {@link MessageEncoder}) on the way.</li>
 *   <li>fsync the file, then rename it atomically to {@code new/<unique>,S=<stored>,W=<pop3>}: readers
 *       never look in {@code tmp/}, so no reader sees a partial message (maildir(5)).</li>
 *   <li>fsync {@code new/}, so the rename survives a power cut, before reporting success
 *       (research notes §4.1: losing a delivered message is the serious case).</li>
 * </ol>
 *
 * The {@code W=} field is what Dovecot writes too, so both servers report the same size without
 * reading the message.
 */
public final class MaildirDelivery {
    private static final int BUFFER = 64 * 1024;

    /** New names are unique by construction; a clash means a broken clock or pid reuse: try again. */
    private static final int MAX_NAME_ATTEMPTS = 3;

    /** CREATE_NEW: never open a file someone else is writing (O_EXCL). */
    private static final Set<StandardOpenOption> CREATE_WRITE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private static final FileAttribute<?> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** A deliverer. */
    public MaildirDelivery() {}

    /**
     * Delivers one message, stored byte for byte as given, creating the maildir and its {@code tmp/},
     * {@code new/} and {@code cur/} when missing.
     *
     * @param maildir the maildir, e.g. {@link MaildirStore#maildirOf}
     * @param message the message; read to its end, not closed
     * @return the file name of the message in {@code new/}
     * @throws IOException when the message could not be delivered; then nothing is left behind
     */
    public String deliver(Path maildir, InputStream message) throws IOException {
        Objects.requireNonNull(message, "message");
        Path tmpDir = maildir.resolve(MaildirScanner.TMP);
        Path newDir = maildir.resolve(MaildirScanner.NEW);
        Durable.ensureDirectory(tmpDir);
        Durable.ensureDirectory(newDir);
        Durable.ensureDirectory(maildir.resolve(MaildirScanner.CUR));

        String unique = null;
        FileChannel channel = null;
        for (int attempt = 0; channel == null; attempt++) {
            unique = UniqueNames.next();
            try {
                channel = FileChannel.open(tmpDir.resolve(unique), CREATE_WRITE, fileMode(tmpDir));
            } catch (FileAlreadyExistsException e) {
                if (attempt + 1 >= MAX_NAME_ATTEMPTS) throw e;
            }
        }
        Path tmp = tmpDir.resolve(unique);
        Path delivered = null;
        try {
            long[] sizes;
            try (FileChannel out = channel) {
                sizes = copy(message, out);
                out.force(true);
            }
            String name = unique + ",S=" + sizes[0] + ",W=" + sizes[1];
            delivered = newDir.resolve(name);
            // The name is unique, so the rename cannot replace another message.
            Files.move(tmp, delivered, StandardCopyOption.ATOMIC_MOVE);
            Durable.syncDirectory(newDir);
            return name;
        } catch (IOException | RuntimeException e) {
            Durable.deleteQuietly(tmp);
            // Not known to be durable, so not delivered: take it back; the sender retries.
            if (delivered != null) Durable.deleteQuietly(delivered);
            throw e instanceof IOException io ? io : new IOException("delivery failed", e);
        }
    }

    /** Copies the message; returns its stored size and its POP3 size. */
    private static long[] copy(InputStream message, FileChannel out) throws IOException {
        MessageEncoder wire = MessageEncoder.sizer();
        byte[] buffer = new byte[BUFFER];
        ByteBuffer view = ByteBuffer.wrap(buffer);
        long stored = 0;
        int n;
        while ((n = message.read(buffer)) >= 0) {
            // InputStream.read(byte[]) blocks for at least one byte; 0 would make this loop spin.
            if (n == 0) throw new IOException("message stream returned no bytes without ending");
            view.clear().limit(n);
            while (view.hasRemaining()) out.write(view);
            wire.write(buffer, 0, n);
            stored += n;
        }
        wire.finish();
        return new long[] {stored, wire.size()};
    }

    private static FileAttribute<?>[] fileMode(Path dir) {
        // 0600, as Maildir writers create messages: mail is private to its owner.
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {FILE_MODE} : new FileAttribute<?>[0];
    }
}
