// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client.internal;

import dev.poplar.client.ProtocolException;
import dev.poplar.protocol.LineReader;
import dev.poplar.protocol.LineTooLongException;
import dev.poplar.protocol.Limits;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One connection's bytes: a bounded line reader (bare LF accepted, protocol.md §9), a buffered writer
 * and the redacting trace. Once any I/O or framing error happens the wire is broken and refuses all
 * further use, because the reply stream can no longer be trusted to be in step. Not thread-safe: used
 * by the one thread that drives its client.
 */
public final class Wire implements AutoCloseable {
    /** What the trace shows instead of a secret. */
    public static final String REDACTED = "<redacted>";

    private final int maxLine;
    private final Consumer<String> trace;
    private Socket socket;
    private LineReader in;
    private OutputStream out;
    private boolean broken;

    public Wire(Socket socket, int maxLine, Consumer<String> trace) throws IOException {
        this.maxLine = maxLine;
        this.trace = trace;
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = new LineReader(s.getInputStream(), maxLine);
        this.out = new BufferedOutputStream(s.getOutputStream(), 4096);
    }

    public Socket socket() {
        return socket;
    }

    /**
     * Replaces the transport (after the STLS handshake). Returns how many received octets were dropped:
     * bytes that came with the STLS {@code +OK} were not protected and are never parsed (RFC 2595 §4,
     * CVE-2021-38084 class).
     */
    public int replaceSocket(Socket s) throws IOException {
        int dropped = in.buffered();
        in.discardBuffered();
        attach(s);
        return dropped;
    }

    /** Queues one command line; {@code traceForm} is what the trace shows. Call {@link #flush()} to send. */
    public void write(byte[] line, String traceForm) throws IOException {
        ensureUsable();
        trace("C: " + traceForm);
        try {
            out.write(line);
            out.write('\r');
            out.write('\n');
        } catch (IOException e) {
            throw fail(e);
        }
    }

    public void flush() throws IOException {
        ensureUsable();
        try {
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Writes and flushes one command line. */
    public void send(byte[] line, String traceForm) throws IOException {
        write(line, traceForm);
        flush();
    }

    /** Writes and flushes an ASCII command line traced as is. */
    public void send(String line) throws IOException {
        send(line.getBytes(StandardCharsets.ISO_8859_1), line);
    }

    /** Reads one line of any kind; {@code null} at the end of the stream. */
    public byte[] readLine() throws IOException {
        ensureUsable();
        try {
            byte[] line = in.readLine();
            if (line == null) {
                broken = true;
            }
            return line;
        } catch (LineTooLongException e) {
            throw fail(new ProtocolException("server line longer than " + maxLine + " octets", e));
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Reads a status line ({@code +OK}/{@code -ERR}); a SASL continuation only if {@code continuation}. */
    public Reply readReply(boolean continuation, boolean redact) throws IOException {
        byte[] raw = readLine();
        if (raw == null) throw new EOFException("connection closed before the reply");
        if (raw.length > Limits.MAX_COMMAND_OCTETS) {
            throw fail(new ProtocolException("status line of " + raw.length + " octets (RFC 2449 §4 allows 512)"));
        }
        String s = new String(raw, StandardCharsets.UTF_8);
        if (continuation && (s.equals("+") || s.startsWith("+ "))) {
            trace(redact ? "S: + " + REDACTED : "S: " + s);
            return new Reply(null, s.length() > 2 ? s.substring(2) : "");
        }
        trace("S: " + s);
        StatusLine status = parseStatus(s);
        if (status == null) throw fail(new ProtocolException("not a POP3 status line"));
        return new Reply(status, null);
    }

    /** A status line or, during AUTH, a continuation payload (base64 text). */
    public record Reply(StatusLine status, String continuation) {}

    /** Reads a status line; no continuation allowed. */
    public StatusLine readStatus() throws IOException {
        return readReply(false, false).status();
    }

    /** RFC 1939 §3 status and RFC 2449 §8 bracketed code; {@code null} if it is neither +OK nor -ERR. */
    static StatusLine parseStatus(String s) {
        boolean ok;
        String rest;
        if (s.regionMatches(true, 0, "+OK", 0, 3)) {
            ok = true;
            rest = s.substring(3);
        } else if (s.regionMatches(true, 0, "-ERR", 0, 4)) {
            ok = false;
            rest = s.substring(4);
        } else {
            return null;
        }
        if (!rest.isEmpty() && rest.charAt(0) != ' ') return null;
        rest = rest.stripLeading();
        ResponseCode code = null;
        int close = rest.indexOf(']');
        if (rest.startsWith("[") && close > 0) {
            code = ResponseCode.fromWire(rest.substring(1, close));
            if (code != null) rest = rest.substring(close + 1).stripLeading();
        }
        return new StatusLine(ok, code, rest);
    }

    public void trace(String line) {
        if (trace != null) trace.accept(line);
    }

    public boolean broken() {
        return broken;
    }

    /** Marks the wire unusable and closes it; returns {@code e} for throwing. */
    public IOException fail(IOException e) {
        broken = true;
        closeQuietly();
        return e;
    }

    public void markBroken() {
        broken = true;
    }

    private void ensureUsable() throws IOException {
        if (broken) throw new SocketException("connection unusable after an earlier error or end of stream");
    }

    public void releaseMemory() {
        in.shrinkIfIdle();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing after a failure: nothing more to learn.
        }
    }

    @Override
    public void close() {
        broken = true;
        closeQuietly();
    }
}
