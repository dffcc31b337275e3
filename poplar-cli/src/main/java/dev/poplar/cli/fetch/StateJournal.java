// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The append-only journal of one account's state changes since the last snapshot: one line per change,
 * {@code OP UID EPOCH-SECONDS CRC32}, fsynced before {@link #append} returns (research notes §5 "Copy"
 * 4: a record per delivered UID, no O(n²) rewrite, nothing lost on SIGKILL). Not thread-safe: the
 * {@link FetchState} that owns it is confined to one thread.
 *
 * <p>A record is acknowledged only once fsynced, and only whole records are acknowledged, so a torn or
 * corrupt record at the end (a crash mid-write) is ignored when reading. A bad record followed by good
 * ones is not a crash artefact: that is reported as damage rather than silently dropping UIDs.
 */
final class StateJournal implements AutoCloseable {
    /** The kinds of change. */
    enum Op {
        DELIVERED("delivered"), PENDING("pending"), DELETED("deleted"), FORGET("forget"),
        /** About to hand the message to the destination: a crash before {@link #DELIVERED} leaves it open. */
        INTENT("delivering"),
        /** The destination refused the message and kept nothing: the intent is closed without delivery. */
        ABANDONED("abandoned");

        final String word;

        Op(String word) {
            this.word = word;
        }
    }

    /** One change. */
    record Entry(Op op, String uid, Instant at) {}

    private final Path file;
    private final FileChannel channel;
    private boolean broken;

    private StateJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating) the journal for appending at its end. */
    static StateJournal open(Path file) throws IOException {
        boolean existed = Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.position(channel.size());
            // The journal's own name must survive a power cut, or its fsynced records would vanish with it.
            if (!existed) Fsync.directory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new StateJournal(file, channel);
    }

    /** Reads the acknowledged records; a missing file has none. */
    static List<Entry> read(Path file) throws IOException {
        byte[] bytes;
        try {
            // Bounded by one session's changes: the journal is folded into the snapshot at every start and end.
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        int start = 0;
        int firstBadLine = -1;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') continue;
            lineNumber++;
            Entry entry = parse(new String(bytes, start, i - start, StandardCharsets.ISO_8859_1));
            start = i + 1;
            if (entry == null) {
                if (firstBadLine < 0) firstBadLine = lineNumber;
            } else if (firstBadLine >= 0) {
                throw new IOException(file + ": damaged record at line " + firstBadLine + " before good ones");
            } else {
                entries.add(entry);
            }
        }
        // Bytes after the last newline: a record cut short by a crash, never acknowledged.
        return entries;
    }

    /** Appends the records and fsyncs; on failure the journal is cut back to what it was. */
    void append(List<Entry> entries) throws IOException {
        if (broken) throw new IOException(file + ": an earlier write failed and could not be undone");
        if (entries.isEmpty()) return;
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            String body = e.op().word + " " + UidCodec.encode(e.uid()) + " " + e.at().getEpochSecond();
            text.append(body).append(' ').append(crc(body)).append('\n');
        }
        long before = channel.position();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.position(before);
                channel.force(false);
            } catch (IOException undo) {
                // Later records must not follow a torn one (read() would call that damage): stop writing.
                broken = true;
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /**
     * Replaces the journal file atomically (temp, fsync, rename, directory fsync) with just these
     * records, and returns it open for appending; this instance is closed. Used to carry open delivery
     * intents across a snapshot: truncating and re-appending would lose them to a crash in between.
     */
    StateJournal replaceWith(List<Entry> entries) throws IOException {
        channel.close();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            String body = e.op().word + " " + UidCodec.encode(e.uid()) + " " + e.at().getEpochSecond();
            text.append(body).append(' ').append(crc(body)).append('\n');
        }
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) out.write(buffer);
            out.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(file.toAbsolutePath().getParent());
        return open(file);
    }

    /** Empties the journal, once its records are in a durable snapshot. */
    void clear() throws IOException {
        channel.truncate(0);
        channel.position(0);
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Applies one change; applying a journal twice gives the same state (a crash mid-fold replays it). */
    static void apply(Map<String, UidRecord> uids, Entry e) {
        switch (e.op()) {
            case DELIVERED -> uids.putIfAbsent(e.uid(), new UidRecord(e.at(), false));
            case PENDING -> uids.compute(e.uid(), (k, r) -> (r == null ? new UidRecord(e.at(), false) : r).withDeletePending(true));
            case DELETED -> uids.computeIfPresent(e.uid(), (k, r) -> r.withDeletePending(false));
            case FORGET -> uids.remove(e.uid());
            case INTENT, ABANDONED -> { } // intents are tracked by FetchState, not in the UID map
        }
    }

    private static Entry parse(String line) {
        String[] f = line.split(" ", -1);
        if (f.length != 4 || !crc(f[0] + " " + f[1] + " " + f[2]).equals(f[3])) return null;
        try {
            for (Op op : Op.values()) {
                if (op.word.equals(f[0])) return new Entry(op, UidCodec.decode(f[1]), Instant.ofEpochSecond(Long.parseLong(f[2])));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.ISO_8859_1));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
