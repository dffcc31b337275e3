// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import dev.poplar.protocol.MessageEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Hands a message to an LMTP server (RFC 2033), e.g. Dovecot's or Cyrus's, for one configured
 * recipient: LHLO, MAIL FROM, RCPT TO, DATA with dot-stuffing and CRLF line ends
 * ({@link MessageEncoder}, RFC 5321 §4.5.2), then the per-recipient reply after the final dot
 * (RFC 2033 §4.2), then QUIT. One connection per message. Thread-safe: holds only its configuration.
 *
 * <p>2xx after the dot is delivered; 4xx (and any network error or timeout) is temporary; 5xx is
 * permanent. A connection lost after the dot but before the reply is temporary: the server may have
 * delivered, so the next run may deliver a duplicate, never lose the message.
 *
 * @param host the server host
 * @param port the server port
 * @param recipient the RCPT TO address (without angle brackets)
 * @param timeout the connect timeout and the wait for each reply
 */
public record LmtpDestination(String host, int port, String recipient, Duration timeout) implements Destination {
    /** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; be lenient, but bounded. */
    private static final int MAX_REPLY_LINE = 4096;
    private static final int BUFFER = 64 * 1024;

    public LmtpDestination {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("LMTP port out of range: " + port);
        if (!isAddress(recipient) || recipient.isEmpty()) throw new IllegalArgumentException("bad LMTP recipient: " + recipient);
    }

    /** Parses {@code HOST:PORT} or {@code [IPV6]:PORT}. */
    static LmtpDestination parse(String hostPort, String recipient) {
        if (recipient == null) throw new IllegalArgumentException("lmtp: needs a recipient address for RCPT TO");
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("expected lmtp:HOST:PORT, got lmtp:" + hostPort);
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad LMTP port in lmtp:" + hostPort);
        }
        return new LmtpDestination(host, port, recipient, DEFAULT_TIMEOUT);
    }

    @Override
    public void deliver(Path spooled, MessageMeta meta) throws DeliveryException {
        try (Socket socket = new Socket()) {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            expect(in, 2, "greeting");
            command(out, in, "LHLO localhost", "LHLO");
            String sender = isAddress(meta.envelopeSender()) ? meta.envelopeSender() : "";
            command(out, in, "MAIL FROM:<" + sender + ">", "MAIL FROM");
            command(out, in, "RCPT TO:<" + recipient + ">", "RCPT TO");
            send(out, "DATA");
            expect(in, 3, "DATA");
            try (InputStream message = Files.newInputStream(spooled)) {
                // copy() ends with the "." line (it calls finish()).
                MessageEncoder.whole(out, true).copy(message, new byte[BUFFER]);
            }
            out.flush();
            // RFC 2033 §4.2: one reply per accepted RCPT; we sent exactly one.
            expect(in, 2, "delivery of the message");
            quit(out, in);
        } catch (IOException e) {
            throw DeliveryException.temporary("LMTP " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void command(OutputStream out, InputStream in, String line, String what)
            throws IOException, DeliveryException {
        send(out, line);
        expect(in, 2, what);
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads a (multi-line) reply; a class other than the expected one becomes a delivery failure. */
    private void expect(InputStream in, int expectedClass, String what) throws IOException, DeliveryException {
        String line;
        do {
            line = readLine(in);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0))) throw new IOException("malformed reply: " + line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        int replyClass = line.charAt(0) - '0';
        if (replyClass == expectedClass) return;
        String text = "LMTP " + host + ":" + port + " refused " + what + ": " + line;
        if (replyClass == 4) throw DeliveryException.temporary(text, null);
        if (replyClass == 5) throw DeliveryException.permanent(text, null);
        throw new IOException("unexpected reply to " + what + ": " + line);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("connection closed by the LMTP server");
            if (line.length() >= MAX_REPLY_LINE) throw new IOException("LMTP reply line too long");
            if (b != '\r') line.append((char) b);
        }
        return line.toString();
    }

    private static void quit(OutputStream out, InputStream in) {
        try {
            send(out, "QUIT");
            readLine(in);
        } catch (IOException ignored) {
            // Delivered already (RFC 2033 §4.2 reply was 2xx); a lost QUIT changes nothing.
        }
    }

    /** An address we can put between angle brackets: no controls, spaces or brackets. */
    private static boolean isAddress(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>') return false;
        }
        return true;
    }
}
