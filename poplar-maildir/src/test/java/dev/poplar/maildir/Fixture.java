// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poplar.protocol.MessageEncoder;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/** Helpers for building maildirs in tests. Stateless. */
final class Fixture {
    static final String USER = "alice";

    private Fixture() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a message file into {@code sub} ("cur" or "new") of the maildir, creating directories. */
    static Path put(Path maildir, String sub, String name, byte[] content) {
        try {
            Path dir = maildir.resolve(sub);
            Files.createDirectories(dir);
            Files.createDirectories(maildir.resolve("tmp"));
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path put(Path maildir, String sub, String name, String content) {
        return put(maildir, sub, name, bytes(content));
    }

    /** A small LF message with a distinct body. */
    static String message(String tag) {
        return "From: a@example.org\nSubject: " + tag + "\n\nbody of " + tag + "\n.leading dot\n";
    }

    static long wireSize(byte[] content) throws IOException {
        return MessageEncoder.wireSize(new ByteArrayInputStream(content));
    }

    static long wireSize(String content) throws IOException {
        return wireSize(bytes(content));
    }

    static Maildrop open(MaildirStore store) throws StoreException {
        return store.open(new Account(USER));
    }

    static List<MessageInfo> list(MaildirStore store) throws StoreException {
        try (Maildrop drop = open(store)) {
            return drop.list();
        }
    }

    static byte[] read(Maildrop drop, MessageInfo info) throws StoreException, IOException {
        try (InputStream in = drop.open(info)) {
            return in.readAllBytes();
        }
    }

    static List<String> uids(List<MessageInfo> infos) {
        return infos.stream().map(MessageInfo::uid).toList();
    }

    /** The names of the files in a directory, sorted; empty if it does not exist. */
    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A file in our record envelope, written by hand: header, records, "end n crc". */
    static byte[] recordFile(String header, List<String> records) {
        StringBuilder body = new StringBuilder(header).append('\n');
        for (String r : records) body.append(r).append('\n');
        byte[] b = bytes(body.toString());
        CRC32 crc = new CRC32();
        crc.update(b);
        return bytes(body + "end " + records.size() + " " + Long.toHexString(crc.getValue()) + "\n");
    }

    static void assertSizes(List<MessageInfo> infos, long... sizes) {
        assertEquals(sizes.length, infos.size());
        for (int i = 0; i < sizes.length; i++) assertEquals(sizes[i], infos.get(i).size(), "size of #" + (i + 1));
    }
}
