// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately dumb POP3 client for attacks: it writes exactly the bytes it is told to, reads one
 * byte at a time (so it never swallows what follows a reply, which matters around STLS), and upgrades
 * to TLS only when asked. Every read has a timeout, every loop a bound. Not thread-safe.
 */
final class Client implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_LINE = 100_000;

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private Client(Socket socket, int port) throws IOException {
        this.port = port;
        use(socket);
    }

    /** A plain connection; the greeting is not read yet. */
    static Client plain(int port) throws IOException {
        return new Client(new Socket("127.0.0.1", port), port);
    }

    /** An implicit-TLS connection after a completed handshake; throws if the handshake fails. */
    static Client tls(int port, String... alpn) throws IOException {
        Client c = plain(port);
        try {
            c.handshake(alpn);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void use(Socket s) throws IOException {
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.socket = s;
        this.in = s.getInputStream();
        this.out = s.getOutputStream();
    }

    /** Layers TLS over the current socket and handshakes, offering {@code alpn} if any (RFC 7301). */
    void handshake(String... alpn) throws IOException {
        SSLSocket tls = (SSLSocket) Loopback.clientContext().getSocketFactory().createSocket(socket, "localhost", port, true);
        SSLParameters p = tls.getSSLParameters();
        if (alpn.length > 0) p.setApplicationProtocols(alpn);
        tls.setSSLParameters(p);
        tls.setSoTimeout(READ_TIMEOUT_MILLIS);
        tls.startHandshake();
        use(tls);
    }

    /** STLS, its {@code +OK}, then the handshake (RFC 2595 §4). */
    void startTls(String... alpn) throws IOException {
        String reply = command("STLS");
        if (reply == null || !reply.startsWith("+OK")) throw new AssertionError("STLS refused: " + reply);
        handshake(alpn);
    }

    SSLSession session() {
        return ((SSLSocket) socket).getSession();
    }

    /** The protocol ALPN selected: {@code ""} when none was negotiated (RFC 7301). */
    String applicationProtocol() {
        return ((SSLSocket) socket).getApplicationProtocol();
    }

    /** One line without its CRLF; a bare LF is shown as {@code <LF>}; {@code null} at the end of the stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < MAX_LINE; i++) {
            int c = in.read();
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8) + "<EOF>";
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s + "<LF>";
            }
            b.write(c);
        }
        throw new IOException("line too long");
    }

    String greeting() throws IOException {
        return line();
    }

    void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the bytes in one call, so that on loopback they normally arrive in one segment. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String command(String line) throws IOException {
        send(line);
        return line();
    }

    /** Sends base64 of {@code payload} as a SASL response line (RFC 5034 §4) and returns the answer. */
    String sasl(byte[] payload) throws IOException {
        return command(Base64.getEncoder().encodeToString(payload));
    }

    /** The lines of a multi-line reply after its first line, without the terminating ".". */
    List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String l = line();
            if (l == null) throw new IOException("closed inside a multi-line reply after " + lines);
            if (l.equals(".")) return lines;
            lines.add(l.startsWith("..") ? l.substring(1) : l);
        }
        throw new IOException("multi-line reply too long");
    }

    List<String> capa() throws IOException {
        String first = command("CAPA");
        if (first == null || !first.startsWith("+OK")) throw new AssertionError("CAPA: " + first);
        return lines();
    }

    String login(String user, String password) throws IOException {
        String u = command("USER " + user);
        if (!u.startsWith("+OK")) return u;
        return command("PASS " + password);
    }

    /**
     * Reads until the server closes (end of stream, or a reset or TLS error, which is how a closed TLS
     * connection may look) and returns what arrived, at most 64 KiB. A read timeout is not a close: it
     * throws, so "the server kept the connection open" fails the test.
     */
    byte[] untilClosed() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int i = 0; i < 64; i++) {
            int n;
            try {
                n = in.read(buf);
            } catch (java.net.SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return b.toByteArray(); // reset or TLS alert: closed
            }
            if (n < 0) return b.toByteArray();
            b.write(buf, 0, n);
        }
        throw new IOException("the server kept sending");
    }

    /** Whether the server closed the connection without sending anything more. */
    boolean closedSilently() throws IOException {
        return untilClosed().length == 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
