// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw test client: sends exact bytes and returns exact bytes (ISO-8859-1, line ends included), so
 * tests see what the fixture really puts on the wire. Every read is bounded by a socket timeout.
 */
final class Raw implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Raw(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    Raw(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    void send(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends {@code command} with CRLF and returns the first reply line, terminator included. */
    String cmd(String command) throws IOException {
        send(command + "\r\n");
        return line();
    }

    /** One line up to and including its LF, or what arrived before EOF (possibly ""). */
    String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            buf.write(b);
            if (b == '\n') break;
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** Lines up to and including the first that equals {@code last} (with its terminator). */
    String until(String last) throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            String l = line();
            all.append(l);
            if (l.isEmpty() || l.equals(last)) return all.toString();
        }
        throw new AssertionError("no end line " + last);
    }

    /** A multi-line body up to and including ".\r\n". */
    String body() throws IOException {
        return until(".\r\n");
    }

    /** Everything until the server closes. */
    String rest() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** True when nothing arrives within {@code millis} (the server is stalling). */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.read(); // a byte or EOF: not silent
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** Logs in as alice/secret and checks both replies. */
    void login() throws IOException {
        if (!cmd("USER alice").startsWith("+OK")) throw new AssertionError("USER");
        String pass = cmd("PASS secret");
        if (!pass.startsWith("+OK")) throw new AssertionError("PASS: " + pass);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
