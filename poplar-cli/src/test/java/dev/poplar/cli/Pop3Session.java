// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A minimal scripted POP3 client for end-to-end tests (loopback, read timeout), over plain TCP, implicit
 * TLS or STLS ({@link TlsClient}). Used by one thread.
 */
final class Pop3Session implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final String greeting;

    Pop3Session(int port) throws IOException {
        this(plain(port));
    }

    /** A session over a connected socket (plain or TLS): reads the greeting. */
    Pop3Session(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        greeting = line();
    }

    /** Implicit TLS (port 995 style) to 127.0.0.1:{@code port}, the handshake done with {@code tls}. */
    Pop3Session(int port, TlsClient tls) throws IOException {
        this(tls.handshake(plain(port), port));
    }

    private static Socket plain(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        return s;
    }

    /** STLS (RFC 2595): sends it, expects +OK, then runs the handshake on the same connection. */
    void startTls(TlsClient tls) throws IOException {
        String reply = command("STLS");
        if (!reply.startsWith("+OK")) throw new AssertionError("STLS: " + reply);
        socket = tls.handshake(socket, socket.getPort());
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The TLS session, or null on a plain connection. */
    SSLSession tlsSession() {
        return socket instanceof SSLSocket s ? s.getSession() : null;
    }

    /** Sends a command and returns the status line. */
    String command(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return line();
    }

    void login(String user, String password) throws IOException {
        command("USER " + user);
        String reply = command("PASS " + password);
        if (!reply.startsWith("+OK")) throw new AssertionError("login failed: " + reply);
    }

    /** The lines of a multi-line reply after its status line, un-stuffed, without the final ".". */
    List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000_000; i++) {
            String l = line();
            if (l == null) throw new IOException("connection closed in a multi-line reply");
            if (l.equals(".")) return lines;
            lines.add(l.startsWith(".") ? l.substring(1) : l);
        }
        throw new IOException("reply too long");
    }

    /** RETR n: the message bytes exactly as served, un-stuffed, CRLF line ends. */
    byte[] retr(int n) throws IOException {
        String status = command("RETR " + n);
        if (!status.startsWith("+OK")) throw new AssertionError("RETR " + n + ": " + status);
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        for (String l : lines()) msg.writeBytes((l + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return msg.toByteArray();
    }

    /** One line as ISO-8859-1 (bytes one to one), without CRLF; null when the server closed. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000_000; i++) {
            int c = in.read();
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        throw new IOException("line too long");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
