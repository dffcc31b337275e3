// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.BufferedOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The compacted state snapshot of one account. Stateless; thread-safe (the caller holds the account
 * lock). The format, all ASCII:
 *
 * <pre>
 * poplar-fetch-state 1
 * UID FIRST-SEEN-EPOCH-SECONDS k|d       (one per UID, sorted; UID percent-encoded, {@link UidCodec})
 * end COUNT
 * </pre>
 *
 * {@code d} marks a pending delete. The version line comes first so a later format is refused, not
 * misread; the {@code end} line makes a damaged file an error instead of forgotten UIDs (which would
 * mean duplicates). Written to {@code STATE.tmp}, fsynced, renamed over the file, directory fsynced
 * (research notes §5 "Copy" 1, plus the directory fsync mpop lacks).
 */
final class StateFile {
    static final String MAGIC = "poplar-fetch-state";
    static final int VERSION = 1;

    private StateFile() {}

    /** @return the UIDs, empty when the file does not exist yet */
    static SortedMap<String, UidRecord> read(Path file) throws IOException {
        SortedMap<String, UidRecord> uids = new TreeMap<>();
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return uids;
        }
        try (reader) {
            String header = reader.readLine();
            if (!(MAGIC + " " + VERSION).equals(header)) {
                throw new IOException(file + ": not a poplar fetch state file of version " + VERSION + ": " + header);
            }
            int lineNumber = 1;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String[] fields = line.split(" ", -1);
                if (fields.length == 2 && fields[0].equals("end")) {
                    if (!fields[1].equals(Integer.toString(uids.size())) || reader.readLine() != null) {
                        throw new IOException(file + ": damaged (count mismatch at line " + lineNumber + ")");
                    }
                    return uids;
                }
                try {
                    if (fields.length != 3 || !(fields[2].equals("k") || fields[2].equals("d"))) {
                        throw new IllegalArgumentException("expected UID TIME k|d");
                    }
                    Instant seen = Instant.ofEpochSecond(Long.parseLong(fields[1]));
                    uids.put(UidCodec.decode(fields[0]), new UidRecord(seen, fields[2].equals("d")));
                } catch (IllegalArgumentException | java.time.DateTimeException e) {
                    throw new IOException(file + ": damaged at line " + lineNumber + ": " + e.getMessage(), e);
                }
            }
            throw new IOException(file + ": truncated (no end line)");
        }
    }

    /** Replaces the file atomically and durably with these UIDs. */
    static void write(Path file, Map<String, UidRecord> uids) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // Not closed on its own: closing it would close the channel before force().
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            out.write(ascii(MAGIC + " " + VERSION + "\n"));
            for (Map.Entry<String, UidRecord> e : new TreeMap<>(uids).entrySet()) {
                UidRecord r = e.getValue();
                out.write(ascii(UidCodec.encode(e.getKey()) + " " + r.firstSeen().getEpochSecond() + " "
                        + (r.deletePending() ? "d" : "k") + "\n"));
            }
            out.write(ascii("end " + uids.size() + "\n"));
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(file.toAbsolutePath().getParent());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
