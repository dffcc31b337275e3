// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spooling (issue 5: never deliver half a message) and Maildir delivery. */
class SpoolAndMaildirTest {
    @TempDir
    Path tmp;

    static final MessageMeta META = new MessageMeta("uid-1", "alice@example.org", Instant.parse("2024-03-05T07:08:09Z"));

    @Test
    void incompleteSpoolIsDeletedAndNeverDelivered() throws Exception {
        MaildirDestination maildir = new MaildirDestination(tmp.resolve("Maildir"));
        Spool spool = new Spool(maildir.spoolDirectory().orElseThrow());
        // The loop: spool, then deliver only after the end marker; here the connection drops first.
        IOException drop = assertThrows(IOException.class, () -> {
            try (SpoolFile file = spool.create()) {
                file.output().write("Subject: half\r\n\r\nfirst half".getBytes());
                throw new IOException("connection reset mid-RETR");
            }
        });
        assertEquals("connection reset mid-RETR", drop.getMessage());
        assertEquals(List.of(), list(tmp.resolve("Maildir/tmp")));
        assertFalse(Files.exists(tmp.resolve("Maildir/new")) && !list(tmp.resolve("Maildir/new")).isEmpty());
    }

    @Test
    void completeSpoolIsDeliveredByteExactAndThenRemoved() throws Exception {
        byte[] message = "Return-Path: <a@b>\r\nSubject: x\r\n\r\n.dot\r\nFrom here\r\nbare\nlf\r\n\u00e9"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MaildirDestination maildir = new MaildirDestination(tmp.resolve("Maildir"));
        Spool spool = Spool.beside(tmp.resolve("state"));
        try (SpoolFile file = spool.create()) {
            OutputStream out = file.output();
            out.write(message);
            Path complete = file.complete();
            assertThrows(IllegalStateException.class, file::output);
            maildir.deliver(complete, META);
        }
        assertEquals(List.of(), list(spool.directory()));
        List<Path> delivered = list(tmp.resolve("Maildir/new"));
        assertEquals(1, delivered.size());
        assertArrayEquals(message, Files.readAllBytes(delivered.get(0)));
        assertEquals(List.of(), list(tmp.resolve("Maildir/tmp")));
    }

    @Test
    void leftoversOfAKilledRunAreRemoved() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        SpoolFile abandoned = spool.create(); // never closed: the process "died"
        abandoned.output().write(1);
        Files.writeString(spool.directory().resolve("other-file"), "not ours");
        assertEquals(1, spool.removeLeftovers());
        assertEquals(List.of(spool.directory().resolve("other-file")), list(spool.directory()));
    }

    @Test
    void maildirFailureIsTemporaryAndLeavesNothing() throws Exception {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        Path spooled = Files.writeString(tmp.resolve("m"), "Subject: x\r\n\r\nbody\r\n");
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> new MaildirDestination(notADir.resolve("Maildir")).deliver(spooled, META));
        assertTrue(e.isTemporary());
    }

    @Test
    void parsesTheContractSyntax() {
        assertEquals(new MaildirDestination(Path.of("/m/d")), Destination.parse("maildir:/m/d", null));
        assertEquals(Path.of("/var/mail/u"), ((MboxDestination) Destination.parse("mbox:/var/mail/u", null)).file());
        assertEquals("procmail -d 'a b'", ((MdaDestination) Destination.parse("mda:procmail -d 'a b'", null)).command());
        LmtpDestination lmtp = (LmtpDestination) Destination.parse("lmtp:[::1]:24", "u@example.org");
        assertEquals("::1", lmtp.host());
        assertEquals(24, lmtp.port());
        assertEquals("u@example.org", lmtp.recipient());
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("lmtp:host:24", null));
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("lmtp:host:x", "u"));
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("lmtp:host:24", "u\r\nRSET"));
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("imap:x", null));
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("maildir:", null));
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
