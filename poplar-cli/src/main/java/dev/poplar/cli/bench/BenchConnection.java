// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One POP3 connection of the load generator: a plain socket and a hand-made reader that finds line
 * ends eight bytes at a time, so the generator stays far cheaper than the server it measures. Not
 * the product's client on purpose: it keeps no per-message state and never copies a message.
 *
 * <p>Replies are checked the strict way a benchmark needs: a status line must start {@code +OK}
 * (anything else is a {@link Pop3Failure}); a multi-line body is un-dot-stuffed and counted as
 * CRLF lines (RFC 1939 §3), the octet count that LIST promises.
 */
final class BenchConnection implements Closeable {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LF_BYTES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** Longest line accepted (RFC 5322 says 1000; real mail is sometimes worse). */
    private static final int MAX_LINE = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] buf;
    private int pos;
    private int lim;

    private BenchConnection(Socket socket, int bufferSize) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.buf = new byte[bufferSize];
    }

    /** Connects and reads the greeting, which must be {@code +OK}. */
    static BenchConnection open(BenchOptions.Endpoint endpoint, int bufferSize) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), endpoint.timeoutMillis());
            socket.setSoTimeout(endpoint.timeoutMillis());
            BenchConnection c = new BenchConnection(socket, bufferSize);
            c.status("greeting");
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** USER and PASS, each answered {@code +OK}. */
    void login(String user, String password) throws IOException {
        command("USER " + user);
        command("PASS " + password);
    }

    /** Sends one command line and reads its status line, which must be {@code +OK}; returns it. */
    String command(String line) throws IOException {
        send(line);
        return status(line.startsWith("PASS ") ? "PASS" : line);
    }

    /** Sends a command line without reading anything (for pipelining and for QUIT at the end). */
    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a status line; {@code what} names the command in the error if it is not {@code +OK}. */
    String status(String what) throws IOException {
        int end = nextLine();
        int len = end - pos;
        if (len > 0 && buf[end - 1] == '\r') len--;
        String line = new String(buf, pos, len, StandardCharsets.ISO_8859_1);
        pos = end + 1;
        if (!line.startsWith("+OK")) throw new Pop3Failure(what, line);
        return line;
    }

    /** Reads a multi-line body to its final "." line and returns its size in octets, un-stuffed, with CRLF line ends. */
    long body() throws IOException {
        return body(null);
    }

    /**
     * As {@link #body()}, handing each line (un-stuffed, without its line end) to {@code lines} when it
     * is not null.
     */
    long body(LineSink lines) throws IOException {
        long octets = 0;
        while (true) {
            int end = nextLine();
            int start = pos;
            int stop = end > start && buf[end - 1] == '\r' ? end - 1 : end;
            pos = end + 1;
            if (stop > start && buf[start] == '.') {
                if (stop - start == 1) return octets; // RFC 1939 §3: a line of one "." ends the response
                start++; // a leading "." was added by the server's byte-stuffing
            }
            octets += stop - start + 2;
            if (lines != null) lines.line(buf, start, stop - start);
        }
    }

    /** Receives lines of a multi-line body. */
    @FunctionalInterface
    interface LineSink {
        void line(byte[] bytes, int offset, int length);
    }

    /** The index of the next LF at or after {@code pos}, reading more as needed (the line is then whole in the buffer). */
    private int nextLine() throws IOException {
        int from = pos;
        while (true) {
            int lf = findLf(from, lim);
            if (lf >= 0) return lf;
            from = lim;
            if (pos > 0) { // make room: move the partial line to the front
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                from -= pos;
                lim -= pos;
                pos = 0;
            }
            if (lim == buf.length) {
                if (buf.length >= MAX_LINE) throw new IOException("a line longer than " + MAX_LINE + " octets");
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) throw new EOFException("the server closed the connection");
            lim += n;
        }
    }

    /** First LF in [from, to), eight bytes per step (the "has zero byte" trick on x ^ LF), or -1. */
    private int findLf(int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ LF_BYTES;
            long zero = (x - ONES) & ~x & HIGHS;
            if (zero != 0) return i + (Long.numberOfTrailingZeros(zero) >>> 3);
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A reply other than {@code +OK}: the command and the server's line (a benchmark shows it, it is not a server). */
    static final class Pop3Failure extends IOException {
        Pop3Failure(String command, String reply) {
            super(command.split(" ", 2)[0] + " was answered: " + reply);
        }
    }
}
