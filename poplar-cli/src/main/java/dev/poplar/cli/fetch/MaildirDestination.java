// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers into a Maildir: {@code tmp/}, fsync, rename into {@code new/}, fsync of {@code new/}; the
 * message is durable when {@link #deliver} returns. Stored byte for byte as received. Thread-safe:
 * holds only the directory.
 *
 * <p>Idempotent across crashes: the file name is {@code TIME.MμsPpidQnRrand.HOST,S=SIZE,PF=TAG} where
 * {@code TAG} is {@link MessageMeta#deliveryTag()} (stable for the account and unique-id). The unique
 * part stays unique and {@code ,S=} / {@code ,PF=} are Dovecot-style fields before the {@code :2,} info,
 * so the name remains a valid Maildir name. {@link #find} looks for the tag in {@code new/} and
 * {@code cur/}, so a message delivered by a run killed before it recorded the delivery is not
 * delivered again.
 *
 * @param maildir the Maildir; it and its subdirectories are created when missing
 */
public record MaildirDestination(Path maildir) implements Destination {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String TAG_FIELD = ",PF=";

    public MaildirDestination {
        Objects.requireNonNull(maildir, "maildir");
    }

    @Override
    public void deliver(Path spooled, MessageMeta meta) throws DeliveryException {
        Path tmp = null;
        Path delivered = null;
        try {
            Path tmpDir = maildir.resolve("tmp");
            Path newDir = maildir.resolve("new");
            Files.createDirectories(tmpDir);
            Files.createDirectories(newDir);
            Files.createDirectories(maildir.resolve("cur"));
            FileChannel channel = null;
            String unique = null;
            for (int attempt = 0; channel == null; attempt++) {
                unique = uniqueName();
                try {
                    channel = FileChannel.open(tmpDir.resolve(unique), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= 2) throw e;
                }
            }
            tmp = tmpDir.resolve(unique);
            long size;
            try (FileChannel out = channel; InputStream in = Files.newInputStream(spooled)) {
                size = in.transferTo(Channels.newOutputStream(out));
                out.force(true);
            }
            delivered = newDir.resolve(unique + ",S=" + size + TAG_FIELD + meta.deliveryTag());
            Files.move(tmp, delivered, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            Fsync.directory(newDir);
        } catch (IOException | RuntimeException e) {
            // Disk full, permissions, a missing mount: all may pass; nothing is left behind, so the
            // message stays on the server and the next run tries again.
            deleteQuietly(tmp);
            deleteQuietly(delivered);
            throw DeliveryException.temporary("maildir " + maildir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Presence find(MessageMeta meta) throws IOException {
        String field = TAG_FIELD + meta.deliveryTag();
        for (String sub : new String[] {"new", "cur"}) {
            Path dir = maildir.resolve(sub);
            if (!Files.isDirectory(dir)) continue;
            try (DirectoryStream<Path> names = Files.newDirectoryStream(dir)) {
                for (Path p : names) {
                    String name = p.getFileName().toString();
                    int at = name.indexOf(field);
                    if (at < 0) continue;
                    int end = at + field.length();
                    if (end == name.length() || name.charAt(end) == ',' || name.charAt(end) == ':') return Presence.DELIVERED;
                }
            }
        }
        return Presence.ABSENT;
    }

    /** Spools into {@code tmp/}: same file system, and Maildir readers already ignore it. */
    @Override
    public Optional<Path> spoolDirectory() {
        return Optional.of(maildir.resolve("tmp"));
    }

    private static String uniqueName() {
        long nanos = System.currentTimeMillis() * 1000;
        long seconds = nanos / 1_000_000;
        byte[] r = new byte[4];
        RANDOM.nextBytes(r);
        return seconds + ".M" + (nanos % 1_000_000) + "P" + ProcessHandle.current().pid() + "Q" + COUNTER.incrementAndGet()
                + "R" + HexFormat.of().formatHex(r) + "." + host();
    }

    private static String host() {
        String h;
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "localhost";
        }
        // Maildir: '/' and ':' in the host name are written as octal escapes.
        return h.replace("/", "\\057").replace(":", "\\072").replace(",", "\\054");
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
