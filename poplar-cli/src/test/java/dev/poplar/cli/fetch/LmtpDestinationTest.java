// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LMTP delivery (RFC 2033) against a scripted fake server. */
class LmtpDestinationTest {
    @TempDir
    Path tmp;

    /** A one-connection LMTP server; returns the transcript of what the client sent. */
    private static CompletableFuture<String> fakeServer(ServerSocket server, String rcptReply, String finalReply) {
        CompletableFuture<String> transcript = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            StringWriter seen = new StringWriter();
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), ISO_8859_1));
                OutputStream out = s.getOutputStream();
                reply(out, "220 fake LMTP ready");
                String line;
                while ((line = in.readLine()) != null) {
                    seen.write(line + "\n");
                    if (line.startsWith("LHLO")) reply(out, "250-fake\r\n250-PIPELINING\r\n250 8BITMIME");
                    else if (line.startsWith("MAIL")) reply(out, "250 2.1.0 ok");
                    else if (line.startsWith("RCPT")) reply(out, rcptReply);
                    else if (line.equals("DATA")) {
                        reply(out, "354 go ahead");
                        while (!(line = in.readLine()).equals(".")) seen.write(line + "\n");
                        seen.write(".\n");
                        reply(out, finalReply);
                    } else if (line.equals("QUIT")) {
                        reply(out, "221 bye");
                        break;
                    }
                }
                transcript.complete(seen.toString());
            } catch (Exception e) {
                transcript.completeExceptionally(e);
            }
        });
        return transcript;
    }

    private static void reply(OutputStream out, String text) throws java.io.IOException {
        out.write((text + "\r\n").getBytes(ISO_8859_1));
        out.flush();
    }

    private LmtpDestination lmtp(ServerSocket server) {
        return new LmtpDestination("127.0.0.1", server.getLocalPort(), "bob@example.org", Duration.ofSeconds(30));
    }

    private Path message() throws Exception {
        return Files.writeString(tmp.resolve("m"), "Subject: x\r\n\r\n.starts with dot\r\n..two\r\nbare\nlf\r\nno end", ISO_8859_1);
    }

    @Test
    void deliversWithDotStuffingAndCrlf() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> transcript = fakeServer(server, "250 2.1.5 ok", "250 2.0.0 delivered");
            lmtp(server).deliver(message(), new MessageMeta("u", "alice@example.org", Instant.EPOCH));
            assertEquals("LHLO localhost\nMAIL FROM:<alice@example.org>\nRCPT TO:<bob@example.org>\nDATA\n"
                    + "Subject: x\n\n..starts with dot\n...two\nbare\nlf\nno end\n.\nQUIT\n",
                    transcript.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void unknownSenderIsTheNullPath() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> transcript = fakeServer(server, "250 ok", "250 ok");
            lmtp(server).deliver(message(), new MessageMeta("u", "", Instant.EPOCH));
            assertTrue(transcript.get(10, TimeUnit.SECONDS).contains("MAIL FROM:<>\n"));
        }
    }

    @Test
    void fourXxAfterTheDotIsTemporary() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fakeServer(server, "250 ok", "452 4.2.2 mailbox full");
            DeliveryException e = assertThrows(DeliveryException.class,
                    () -> lmtp(server).deliver(message(), SpoolAndMaildirTest.META));
            assertTrue(e.isTemporary());
            assertTrue(e.getMessage().contains("452"));
        }
    }

    @Test
    void fiveXxIsPermanent() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fakeServer(server, "550 5.1.1 no such user", "250 ok");
            DeliveryException e = assertThrows(DeliveryException.class,
                    () -> lmtp(server).deliver(message(), SpoolAndMaildirTest.META));
            assertEquals(DeliveryException.Kind.PERMANENT, e.kind());
        }
    }

    @Test
    void connectionRefusedIsTemporary() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        DeliveryException e = assertThrows(DeliveryException.class, () ->
                new LmtpDestination("127.0.0.1", port, "bob", Duration.ofSeconds(5)).deliver(message(), SpoolAndMaildirTest.META));
        assertTrue(e.isTemporary());
    }
}
