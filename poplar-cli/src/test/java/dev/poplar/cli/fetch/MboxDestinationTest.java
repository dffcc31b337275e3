// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mbox delivery (issue 5: "mbox with proper From-line quoting and locking"), mboxrd format. */
class MboxDestinationTest {
    @TempDir
    Path tmp;

    private final MessageMeta meta = SpoolAndMaildirTest.META;

    private Path spool(String text) throws IOException {
        return Files.writeString(tmp.resolve("spooled-" + System.nanoTime()), text, UTF_8);
    }

    @Test
    void writesSeparatorQuotesFromLinesAndEndsWithBlankLine() throws Exception {
        Path mbox = tmp.resolve("inbox");
        new MboxDestination(mbox).deliver(spool("Subject: a\r\n\r\nFrom me\r\n>From you\r\n>>From x\r\nFromage\r\n From\r\nend"), meta);
        new MboxDestination(mbox).deliver(spool("Subject: b\r\n\r\nsecond\r\n"),
                new MessageMeta("u2", "", Instant.parse("2024-12-25T23:00:01Z")));
        assertEquals("From alice@example.org Tue Mar  5 07:08:09 2024\n"
                + "Subject: a\n\n>From me\n>>From you\n>>>From x\nFromage\n From\nend\n\n"
                + "From MAILER-DAEMON Wed Dec 25 23:00:01 2024\n"
                + "Subject: b\n\nsecond\n\n", Files.readString(mbox, UTF_8));
        assertFalse(Files.exists(tmp.resolve("inbox.lock")));
    }

    @Test
    void encoderIsIndependentOfChunking() throws Exception {
        String in = "From a\r\n>>>From b\r\nx\rFrom c\r\n>>From\r\n>>Fro\r\n\r\n>";
        String expected = ">From a\n>>>>From b\nx\rFrom c\n>>From\n>>Fro\n\n>\n\n";
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        MboxrdEncoder e1 = new MboxrdEncoder(whole);
        byte[] bytes = in.getBytes(UTF_8);
        e1.write(bytes, 0, bytes.length);
        e1.finish();
        assertEquals(expected, whole.toString(UTF_8));
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        MboxrdEncoder e2 = new MboxrdEncoder(single);
        for (byte b : bytes) e2.write(b);
        e2.finish();
        assertEquals(expected, single.toString(UTF_8));
    }

    @Test
    void freshDotlockHeldByAnotherProgramFailsTemporarilyAndChangesNothing() throws Exception {
        Path mbox = Files.writeString(tmp.resolve("inbox"), "From x Mon Jan  1 00:00:00 2024\nold\n\n");
        Path lock = Files.writeString(tmp.resolve("inbox.lock"), "4242\n");
        DeliveryException e = assertThrows(DeliveryException.class, () ->
                new MboxDestination(mbox, Duration.ZERO, Duration.ofMinutes(5), UnaryOperator.identity())
                        .deliver(spool("Subject: new\r\n\r\nbody\r\n"), meta));
        assertTrue(e.isTemporary());
        assertTrue(e.getMessage().contains("locked"));
        assertEquals("From x Mon Jan  1 00:00:00 2024\nold\n\n", Files.readString(mbox));
        assertTrue(Files.exists(lock), "another program's lock is not ours to remove");
    }

    @Test
    void staleDotlockIsBroken() throws Exception {
        Path mbox = tmp.resolve("inbox");
        Path lock = Files.writeString(tmp.resolve("inbox.lock"), "4242\n");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));
        new MboxDestination(mbox, Duration.ZERO, Duration.ofMinutes(5), UnaryOperator.identity())
                .deliver(spool("Subject: new\r\n\r\nbody\r\n"), meta);
        assertTrue(Files.readString(mbox).endsWith("body\n\n"));
        assertFalse(Files.exists(lock));
    }

    @Test
    void failedAppendIsTruncatedBackAndUnlocked() throws Exception {
        String before = "From x Mon Jan  1 00:00:00 2024\nold\n\n";
        Path mbox = Files.writeString(tmp.resolve("inbox"), before);
        // A disk that fills up after 100 bytes of this message.
        UnaryOperator<OutputStream> diskFull = out -> new FilterOutputStream(out) {
            long left = 100;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int n = (int) Math.min(len, left);
                out.write(b, off, n);
                left -= n;
                if (n < len) throw new IOException("No space left on device");
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
        String big = "Subject: big\r\n\r\n" + "line of body text\r\n".repeat(10_000);
        DeliveryException e = assertThrows(DeliveryException.class, () ->
                new MboxDestination(mbox, Duration.ZERO, Duration.ofMinutes(5), diskFull).deliver(spool(big), meta));
        assertTrue(e.isTemporary());
        assertEquals(before, Files.readString(mbox));
        assertFalse(Files.exists(tmp.resolve("inbox.lock")));
        // And the next delivery works normally.
        new MboxDestination(mbox).deliver(spool("Subject: ok\r\n\r\nok\r\n"), meta);
        assertTrue(Files.readString(mbox).startsWith(before + "From alice@example.org "));
    }

    @Test
    void senderWithSpacesBecomesMailerDaemon() {
        assertEquals("MAILER-DAEMON", MboxDestination.sender("a b@c"));
        assertEquals("MAILER-DAEMON", MboxDestination.sender(""));
        assertEquals("a@b", MboxDestination.sender("a@b"));
    }
}
