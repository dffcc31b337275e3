// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import dev.poplar.client.internal.DotStream;
import dev.poplar.client.internal.Listings;
import dev.poplar.client.internal.AuthExchange;
import dev.poplar.client.internal.SaslSteps;
import dev.poplar.client.internal.Tls;
import dev.poplar.client.internal.Wire;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A POP3 client connection (RFC 1939, RFC 2449, RFC 2595, RFC 5034, and the seed extensions of
 * protocol.md §7) with typed results, streamed bodies and safe TLS defaults. A client is used by one
 * thread at a time; it holds no locks and is not safe for concurrent use.
 *
 * <p>A body returned by {@link #retrieve(int)} or {@link #top(int, int)} must be read to its end or
 * closed before the next command; otherwise the next command throws {@link IllegalStateException}.
 * After an I/O or framing error the connection is closed and every later command throws.
 */
public final class Pop3Client implements AutoCloseable {
    /** RFC 1939 §7 APOP timestamp: a msg-id in angle brackets in the greeting. */
    private static final Pattern TIMESTAMP = Pattern.compile("<[^<>\\s]+@[^<>\\s]+>");

    private enum State { AUTHORIZATION, TRANSACTION, SLEEP, CLOSED }

    private final ClientConfig config;
    private final Wire wire;
    private final String apopTimestamp;
    private boolean tls;
    private State state = State.AUTHORIZATION;
    private Capabilities capabilities = new Capabilities(List.of());
    private DotStream body;

    private Pop3Client(ClientConfig config, Wire wire, String apopTimestamp, boolean tls) {
        this.config = config;
        this.wire = wire;
        this.apopTimestamp = apopTimestamp;
        this.tls = tls;
    }

    /**
     * Connects, reads the greeting and CAPA, and for {@code STARTTLS} upgrades before returning. TLS
     * asked for means TLS or a {@link SecurityPolicyException}: never a plaintext session.
     */
    public static Pop3Client connect(ClientConfig config) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            socket.setSoTimeout((int) config.readTimeout().toMillis());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        boolean implicit = config.security() == ClientConfig.Security.IMPLICIT;
        Socket s = implicit ? Tls.handshake(socket, config) : socket;
        Wire wire = new Wire(s, config.maxLineOctets(), config.trace());
        try {
            StatusLine greeting = wire.readStatus();
            if (!greeting.ok()) throw new Pop3Exception(greeting.code(), greeting.text());
            Matcher m = TIMESTAMP.matcher(greeting.text());
            Pop3Client client = new Pop3Client(config, wire, m.find() ? m.group() : null, implicit);
            client.readCapabilities();
            if (config.security() == ClientConfig.Security.STARTTLS) client.startTls();
            return client;
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    /** RFC 2595 §4: STLS, handshake on the same socket, bytes that came with +OK dropped, CAPA again. */
    private void startTls() throws IOException {
        if (!capabilities.has("STLS")) throw new SecurityPolicyException("STARTTLS required but the server does not offer STLS");
        wire.send("STLS");
        StatusLine s = wire.readStatus();
        if (!s.ok()) throw new SecurityPolicyException("STARTTLS required but the server refused STLS: " + s.text());
        Socket raw = wire.socket();
        // Whatever the server sent after +OK was not protected: drop it, never parse it.
        int dropped = wire.replaceSocket(Tls.handshake(raw, config));
        if (dropped > 0) wire.trace("-- discarded " + dropped + " octets received with the STLS reply");
        tls = true;
        readCapabilities();
    }

    /** Capabilities as last read: after the greeting, after STLS, after login and after QAUT. */
    public Capabilities capabilities() {
        return capabilities;
    }

    /** Whether the connection is protected by TLS. */
    public boolean isTls() {
        return tls;
    }

    /** The APOP timestamp of the greeting, or {@code null}. */
    public String apopTimestamp() {
        return apopTimestamp;
    }

    private void readCapabilities() throws IOException {
        wire.send("CAPA");
        StatusLine s = wire.readStatus();
        if (!s.ok()) {
            capabilities = new Capabilities(List.of());
            return;
        }
        List<String> lines = new ArrayList<>();
        for (byte[] line : readMultiLine()) lines.add(new String(line, StandardCharsets.UTF_8));
        capabilities = new Capabilities(lines);
    }

    // ---- authorization ------------------------------------------------------------------------------

    /** USER and PASS (RFC 1939 §7); refused before anything is sent unless TLS or plaintext login is allowed. */
    public void login(String user, String password) throws IOException {
        begin(State.AUTHORIZATION);
        requireProtected("USER/PASS");
        checkArgument(user);
        checkArgument(password);
        wire.send(utf8("USER " + user), "USER " + user);
        expectOk();
        wire.send(utf8("PASS " + password), "PASS " + Wire.REDACTED);
        expectOk();
        loggedIn();
    }

    /** APOP (RFC 1939 §7) with the greeting's timestamp; MD5, so prefer SASL. */
    public void apop(String user, String secret) throws IOException {
        begin(State.AUTHORIZATION);
        if (apopTimestamp == null) throw new IllegalStateException("the greeting has no APOP timestamp");
        checkArgument(user);
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(utf8(apopTimestamp + secret)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        wire.send(utf8("APOP " + user + " " + digest), "APOP " + user + " " + Wire.REDACTED);
        expectOk();
        loggedIn();
    }

    /**
     * AUTH (RFC 5034) with one SASL mechanism; {@code secret} is the password or, for XOAUTH2 and
     * OAUTHBEARER, the bearer token. For SCRAM-SHA-256 success requires a verified server signature.
     * Every payload and challenge is redacted in the trace.
     */
    public void authenticate(Mechanism mechanism, String user, String secret) throws IOException {
        begin(State.AUTHORIZATION);
        if (mechanism.sendsSecret()) requireProtected("AUTH " + mechanism.wire());
        AuthExchange.run(wire, mechanism, SaslSteps.start(mechanism, user, secret));
        loggedIn();
    }

    private void loggedIn() throws IOException {
        state = State.TRANSACTION;
        // Capabilities may change after login (RFC 2449 §5; client-anchors §5.9, mail-api #50).
        readCapabilities();
    }

    private void requireProtected(String what) throws SecurityPolicyException {
        if (!tls && !config.allowPlaintextLogin()) {
            throw new SecurityPolicyException(what + " would send a secret without TLS; use TLS or allowPlaintextLogin");
        }
    }

    // ---- transaction --------------------------------------------------------------------------------

    /** STAT (RFC 1939 §5). */
    public MailboxStatus stat() throws IOException {
        begin(State.TRANSACTION);
        wire.send("STAT");
        return Listings.stat(expectOk().text());
    }

    /** LIST (RFC 1939 §5): every message not marked for deletion. */
    public List<MessageSize> list() throws IOException {
        begin(State.TRANSACTION);
        wire.send("LIST");
        expectOk();
        List<byte[]> lines = readMultiLine();
        return Listings.list(lines); // read to its end first: a parse error leaves the connection in step
    }

    /** UIDL (RFC 1939 §7): unique-ids kept whole; duplicates reported in the result. */
    public UidListing uidl() throws IOException {
        begin(State.TRANSACTION);
        wire.send("UIDL");
        expectOk();
        List<byte[]> lines = readMultiLine();
        return Listings.uidl(lines);
    }

    /** RETR (RFC 1939 §7) as a stream of the un-stuffed message. */
    public InputStream retrieve(int number) throws IOException {
        return openBody("RETR " + positive(number), false);
    }

    /** RETR by unique-id (UID-PARAM, protocol.md §7); {@code -ERR [UID/NOT-FOUND]} if it is gone. */
    public InputStream retrieve(String uid) throws IOException {
        return openBody("RETR " + uidArgument(uid), false);
    }

    /** TOP (RFC 1939 §7): header, blank line and {@code lines} body lines; streams whatever the server sends. */
    public InputStream top(int number, int lines) throws IOException {
        return openBody("TOP " + positive(number) + " " + nonNegative(lines), true);
    }

    /** TOP by unique-id (UID-PARAM). */
    public InputStream top(String uid, int lines) throws IOException {
        return openBody("TOP " + uidArgument(uid) + " " + nonNegative(lines), true);
    }

    /** DELE (RFC 1939 §6): marks for deletion at QUIT. */
    public void delete(int number) throws IOException {
        simple("DELE " + positive(number), State.TRANSACTION);
    }

    /** DELE by unique-id (UID-PARAM). */
    public void delete(String uid) throws IOException {
        simple("DELE " + uidArgument(uid), State.TRANSACTION);
    }

    /** DELI (protocol.md §7): deletes now, durably; requires the DELI capability. */
    public void deleteNow(int number) throws IOException {
        requireCapability("DELI");
        simple("DELI " + positive(number), State.TRANSACTION);
    }

    /** DELI by unique-id. */
    public void deleteNow(String uid) throws IOException {
        requireCapability("DELI");
        simple("DELI " + uidArgument(uid), State.TRANSACTION);
    }

    /** RSET (RFC 1939 §5). */
    public void reset() throws IOException {
        simple("RSET", State.TRANSACTION);
    }

    /** NOOP; allowed in every state after the greeting, including SLEEP. */
    public void noop() throws IOException {
        begin(null);
        wire.send("NOOP");
        expectOk();
    }

    // ---- ending and the seed extensions -------------------------------------------------------------

    /**
     * QUIT (RFC 1939 §6): {@link QuitOutcome#COMMITTED} on +OK, {@link QuitOutcome#REFUSED} on -ERR,
     * {@link QuitOutcome#UNKNOWN} when the connection is lost before the reply. Always closes.
     */
    public QuitOutcome quit() {
        try {
            begin(null);
            wire.send("QUIT");
            return wire.readStatus().ok() ? QuitOutcome.COMMITTED : QuitOutcome.REFUSED;
        } catch (IllegalStateException e) {
            throw e;
        } catch (IOException e) {
            return QuitOutcome.UNKNOWN;
        } finally {
            if (body == null || body.finished()) close();
        }
    }

    /** QAUT (protocol.md §7): commits like QUIT, then back to AUTHORIZATION on the same connection. */
    public QuitOutcome logoutKeepConnection() throws IOException {
        requireCapability("QAUT");
        begin(State.TRANSACTION);
        StatusLine s;
        try {
            wire.send("QAUT");
            s = wire.readStatus();
        } catch (IOException e) {
            close();
            return QuitOutcome.UNKNOWN;
        }
        if (!s.ok()) return QuitOutcome.REFUSED;
        state = State.AUTHORIZATION;
        readCapabilities();
        return QuitOutcome.COMMITTED;
    }

    /** SLEE (protocol.md §7): commits the marked deletions and sleeps; -ERR leaves the session awake. */
    public void sleep() throws IOException {
        if (!capabilities.hasSleepWake()) throw new IllegalStateException("the server does not offer SLEE-WAKE");
        simple("SLEE", State.TRANSACTION);
        state = State.SLEEP;
    }

    /** WAKE (protocol.md §7): a fresh snapshot; says whether a unique-id is new. */
    public Activity wake() throws IOException {
        begin(State.SLEEP);
        wire.send("WAKE");
        StatusLine s = expectOk();
        state = State.TRANSACTION;
        return s.code() == ResponseCode.ACTIVITY_NEW ? Activity.NEW
                : s.code() == ResponseCode.ACTIVITY_NONE ? Activity.NONE : Activity.UNKNOWN;
    }

    /**
     * RETR the given messages in order, each handed to {@code handler}; when the server offers
     * PIPELINING (RFC 2449 §6.6) up to {@link ClientConfig#pipelineWindow()} commands are outstanding,
     * otherwise one. A handler returning {@code true} gets a DELE for that message in the same stream.
     * An I/O error or a handler exception ends the batch (the handler's exception is rethrown after the
     * outstanding replies are read, so the connection stays usable).
     */
    public BatchResult retrieveAll(List<Integer> numbers, BodyHandler handler) throws IOException {
        begin(State.TRANSACTION);
        numbers.forEach(Pop3Client::positive);
        int window = capabilities.has("PIPELINING") ? config.pipelineWindow() : 1;
        return new Batch(wire, window, handler, this::newBody).run(numbers);
    }

    /** Closes the connection without QUIT: nothing marked for deletion is removed (RFC 1939 §6). */
    @Override
    public void close() {
        state = State.CLOSED;
        wire.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private InputStream openBody(String command, boolean top) throws IOException {
        begin(State.TRANSACTION);
        if (top && !capabilities.has("TOP") && !capabilities.lines().isEmpty()) {
            // Not advertised: try anyway (client-anchors §5.9); the server answers -ERR if it cannot.
            wire.trace("-- TOP not advertised; trying");
        }
        wire.send(command);
        expectOk();
        body = newBody();
        return body;
    }

    DotStream newBody() {
        body = new DotStream(wire, System.nanoTime() + config.messageTimeout().toNanos(),
                (int) config.readTimeout().toMillis());
        return body;
    }

    private void simple(String command, State required) throws IOException {
        begin(required);
        wire.send(command);
        expectOk();
    }

    /** Checks order: no unread body, connection usable, right state (null: any open state). */
    private void begin(State required) {
        if (body != null && !body.finished()) {
            throw new IllegalStateException("read the previous message body to its end or close it first");
        }
        if (state == State.CLOSED || wire.broken()) throw new IllegalStateException("connection closed");
        if (required != null && state != required) {
            throw new IllegalStateException("command not valid in " + state + " state");
        }
    }

    private StatusLine expectOk() throws IOException {
        StatusLine s = wire.readStatus();
        if (!s.ok()) throw new Pop3Exception(s.code(), s.text());
        return s;
    }

    /** The lines of a multi-line listing, un-stuffed, up to the "." line; EOF before it is an error. */
    private List<byte[]> readMultiLine() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; ; i++) {
            byte[] line = wire.readLine();
            if (line == null) throw new IncompleteMessageException("connection closed inside a multi-line reply");
            if (line.length == 1 && line[0] == '.') return lines;
            if (line.length > 0 && line[0] == '.') line = Arrays.copyOfRange(line, 1, line.length);
            if (i >= 10_000_000) throw wire.fail(new ProtocolException("listing too long"));
            lines.add(line);
        }
    }

    private void requireCapability(String tag) {
        if (!capabilities.has(tag)) throw new IllegalStateException("the server does not offer " + tag);
    }

    private String uidArgument(String uid) {
        requireCapability("UID-PARAM");
        checkArgument(uid);
        if (uid.isEmpty() || uid.indexOf(' ') >= 0) throw new IllegalArgumentException("unique-id with a space cannot be sent");
        return "UID:" + uid;
    }

    private static int positive(int n) {
        if (n < 1) throw new IllegalArgumentException("message number " + n);
        return n;
    }

    private static int nonNegative(int n) {
        if (n < 0) throw new IllegalArgumentException("line count " + n);
        return n;
    }

    /** No CR, LF or NUL in an argument: they would split or end the command line (command injection). */
    private static void checkArgument(String s) {
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("argument contains CR, LF or NUL");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
