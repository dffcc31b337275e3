// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.shell;

import dev.poplar.client.ClientConfig;
import dev.poplar.client.internal.Tls;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An interactive POP3 session for people who would use telnet: each input line is sent as it is, and
 * the whole reply is shown, a multi-line one down to its final dot (raw, dot-stuffing included, as on
 * the wire). Not thread-safe; one session per instance.
 *
 * <p>Multi-line replies are recognised as RFC 1939/2449/5034 define them: a {@code +OK} to CAPA, to
 * LIST and UIDL without an argument, to RETR and TOP, to AUTH without an argument (the mechanism
 * list some servers send), and any {@code +OK} whose line ends in {@code " _"} (MULTI-LINE-IND).
 * A {@code +OK} to STLS (typed, or sent for {@code --tls starttls}) starts the TLS handshake; bytes
 * that arrived with it are discarded, never shown as if protected.
 *
 * <p>Secrets never reach the trace: the argument of PASS, of APOP, AUTH's initial response and every
 * line sent in answer to a {@code +} continuation are replaced by {@code ********}.
 */
public final class Pop3Shell {
    /** Where the shell gets its lines and the password. */
    public interface Input {
        /** The next command line, or {@code null} at the end of input. */
        String readLine() throws IOException;

        /** The password for a bare {@code PASS}, or {@code null} at the end of input. */
        String readPassword() throws IOException;
    }

    /** How a session ended. */
    public enum End {
        /** QUIT was answered, or the input ended (then without QUIT: nothing committed). */
        NORMAL,
        /** The server closed the connection without a QUIT. */
        CLOSED_BY_SERVER
    }

    static final String REDACTED = "********";
    private static final int MAX_LINE = 1 << 20;

    private final ClientConfig config;
    private final PrintWriter out;
    private final PrintWriter trace;
    private Socket socket;
    private InputStream in;
    private OutputStream os;
    private boolean inSasl;

    /**
     * @param config host, port, security, SSL context and timeouts; only those are used
     * @param out    where replies are shown
     * @param trace  where the wire is shown ({@code C:}/{@code S:} lines, secrets redacted), or {@code null}
     */
    public Pop3Shell(ClientConfig config, PrintWriter out, PrintWriter trace) {
        this.config = config;
        this.out = out;
        this.trace = trace;
    }

    /**
     * Connects (TLS first for IMPLICIT, STLS after the greeting for STARTTLS) and shows the greeting.
     * Fails with {@link dev.poplar.client.SecurityPolicyException} when STARTTLS cannot be had.
     */
    public void connect() throws IOException {
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            raw.setSoTimeout((int) config.readTimeout().toMillis());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        socket = config.security() == ClientConfig.Security.IMPLICIT ? Tls.handshake(raw, config) : raw;
        streams();
        if (config.security() == ClientConfig.Security.IMPLICIT) note("TLS " + describeTls());
        String greeting = readLine();
        show(greeting);
        if (config.security() == ClientConfig.Security.STARTTLS) {
            if (!greeting.startsWith("+OK")) throw new dev.poplar.client.SecurityPolicyException("the server refused the connection before STLS");
            send("STLS");
            String reply = readLine();
            show(reply);
            if (!reply.startsWith("+OK")) throw new dev.poplar.client.SecurityPolicyException("STARTTLS required but the server refused STLS: " + reply);
            startTls();
        }
    }

    /** Reads commands until QUIT is answered, the input ends or the server closes. */
    public End run(Input input) throws IOException {
        while (true) {
            String line = input.readLine();
            if (line == null) {
                note("end of input: closing without QUIT (nothing the session flagged is committed)");
                close();
                return End.NORMAL;
            }
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            String verb = verb(line);
            if (!inSasl && line.strip().equalsIgnoreCase("PASS")) {
                String pw = input.readPassword();
                if (pw == null) {
                    note("end of input: closing without QUIT");
                    close();
                    return End.NORMAL;
                }
                line = line.strip() + " " + pw;
                verb = "PASS";
            }
            if (line.isEmpty() && !inSasl) continue;
            boolean saslLine = inSasl;
            try {
                send(line);
                String status = readLine();
                show(status);
                inSasl = status.startsWith("+ ") || status.equals("+");
                boolean ok = !saslLine && status.startsWith("+OK");
                if (ok && isMultiLine(verb, line, status)) {
                    String l;
                    do {
                        l = readLine();
                        show(l);
                    } while (!l.equals("."));
                }
                if (ok && verb.equals("STLS")) startTls();
                if (!saslLine && verb.equals("QUIT")) { // +OK or -ERR, the server closes after QUIT
                    close();
                    return End.NORMAL;
                }
            } catch (EOFException e) {
                out.println("-- connection closed by the server");
                out.flush();
                close();
                return End.CLOSED_BY_SERVER;
            }
        }
    }

    static boolean isMultiLine(String verb, String line, String status) {
        if (status.endsWith(" _")) return true;
        boolean noArgument = line.strip().indexOf(' ') < 0;
        return switch (verb) {
            case "CAPA", "RETR", "TOP" -> true;
            case "LIST", "UIDL", "AUTH" -> noArgument;
            default -> false;
        };
    }

    private static String verb(String line) {
        String s = line.strip();
        int sp = s.indexOf(' ');
        return (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
    }

    /** What the trace shows for a line the user sent. */
    static String redact(String line, boolean saslLine) {
        if (saslLine) return line.equals("*") ? line : REDACTED;
        String v = verb(line);
        String s = line.strip();
        int sp = s.indexOf(' ');
        return switch (v) {
            case "PASS" -> sp < 0 ? s : s.substring(0, sp) + " " + REDACTED;
            case "APOP" -> {
                int last = s.lastIndexOf(' ');
                yield last > sp ? s.substring(0, last) + " " + REDACTED : s;
            }
            case "AUTH" -> {
                int second = sp < 0 ? -1 : s.indexOf(' ', sp + 1);
                yield second < 0 ? s : s.substring(0, second) + " " + REDACTED;
            }
            default -> line;
        };
    }

    private void startTls() throws IOException {
        int dropped = in.available();
        socket = Tls.handshake(socket, config);
        streams();
        if (dropped > 0) note("discarded " + dropped + " octet(s) received with the STLS reply");
        note("TLS " + describeTls() + "; send CAPA again: the server forgot everything before STLS");
    }

    private String describeTls() {
        if (socket instanceof javax.net.ssl.SSLSocket s) {
            return s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
        }
        return "";
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream());
        os = socket.getOutputStream();
    }

    private void send(String line) throws IOException {
        if (trace != null) {
            trace.println("C: " + redact(line, inSasl));
            trace.flush();
        }
        os.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        os.flush();
    }

    /** One line from the server without its line end (CRLF or bare LF). */
    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.size() > 0 && trace != null) trace.println("S: " + b.toString(StandardCharsets.UTF_8) + " (no line end)");
                throw new EOFException("connection closed");
            }
            if (c == '\n') break;
            if (b.size() < MAX_LINE) b.write(c);
        }
        byte[] bytes = b.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') n--;
        String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
        if (trace != null) {
            trace.println("S: " + s);
            trace.flush();
        }
        return s;
    }

    private void show(String line) {
        out.println(line);
        out.flush();
    }

    private void note(String text) {
        out.println("-- " + text);
        out.flush();
    }

    /** Closes the connection (no QUIT is sent). */
    public void close() {
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }
}
