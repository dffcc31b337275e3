// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.CommandParser;
import dev.poplar.protocol.LineReader;
import dev.poplar.protocol.LineTooLongException;
import dev.poplar.protocol.Limits;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.internal.SessionState.Authorization;
import dev.poplar.server.internal.SessionState.SaslInProgress;
import dev.poplar.server.internal.SessionState.Sleeping;
import dev.poplar.server.internal.SessionState.Transaction;
import dev.poplar.server.tls.TlsConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLSocket;

/**
 * One POP3 conversation, run on its own (virtual) thread from greeting to close.
 *
 * <p>The loop: flush if no whole command is buffered (so a pipelined batch costs one write), read one
 * bounded line, let the handler for the current {@link SessionState} turn it into a {@link Step}
 * (a command, or the response of a running AUTH exchange), count client errors, write the reply,
 * move to the next state. Only this class touches the streams. STLS swaps them for TLS streams and
 * starts a fresh session (RFC 2595 §4). Nothing is ever deleted unless a handler commits at QUIT: a
 * drop, a timeout, a fault or a shutdown just closes the maildrop (RFC 1939 §6).
 *
 * <p>Not thread-safe; {@link #abort()} and {@link #stalledLongerThan} may be called from another thread.
 */
public final class Connection implements Runnable {
    private static final Logger LOG = System.getLogger(Connection.class.getName());

    private final ServerConfig config;
    private final Socket socket; // null for a session over plain streams (inetd style, tests)
    private final boolean implicitTls;
    private final AutoCloseable transport;
    private final SessionContext session;
    private final AuthorizationCommands authorization;
    private final TransactionCommands transaction;
    private final SleepCommands sleep;
    private final Logins logins;
    private final Sasl sasl;
    private InputStream rawIn;
    private volatile StallWatch rawOut;
    private SSLSocket tlsSocket; // set once TLS is up: closing it sends close_notify (RFC 8446 §6.1)
    private SessionState state = Authorization.FRESH;
    private int consecutiveErrors;

    /** A session on an accepted socket; with {@code implicitTls} the TLS handshake comes first (RFC 8314). */
    public Connection(ServerConfig config, Socket socket, boolean implicitTls) throws IOException {
        this(config, socket, implicitTls, socket.getInputStream(), socket.getOutputStream(), socket,
                (InetSocketAddress) socket.getRemoteSocketAddress(), (InetSocketAddress) socket.getLocalSocketAddress());
    }

    /** A session over plain streams; {@code transport} is closed when it ends. STLS is not offered. */
    public Connection(ServerConfig config, InputStream in, OutputStream out, AutoCloseable transport,
                      InetSocketAddress remote, InetSocketAddress local) {
        this(config, null, false, in, out, transport, remote, local);
    }

    private Connection(ServerConfig config, Socket socket, boolean implicitTls, InputStream in, OutputStream out,
                       AutoCloseable transport, InetSocketAddress remote, InetSocketAddress local) {
        this.config = config;
        this.socket = socket;
        this.implicitTls = implicitTls;
        this.transport = transport;
        this.rawIn = in;
        this.rawOut = new StallWatch(out);
        String apop = config.apop() ? Apop.timestamp(config.serverName()) : null;
        boolean stls = config.tls() != null && socket != null && !implicitTls;
        boolean trusted = remote != null && config.trusted().test(remote.getAddress());
        this.session = new SessionContext(remote, local, trusted, stls, apop);
        this.session.abort = this::abort;
        this.logins = new Logins(config, session, config.locks());
        this.sasl = new Sasl(config, session, logins);
        this.authorization = new AuthorizationCommands(config, session, logins, sasl);
        this.transaction = new TransactionCommands(config, session, logins);
        this.sleep = new SleepCommands(logins);
    }

    /** Runs the session holding its place in the connection limits. */
    public void run(dev.poplar.server.guard.ConnectionLimits.Lease<Connection> lease) {
        session.lease = lease;
        run();
    }

    /**
     * The connection is over a limit (issue 3): {@code -ERR [SYS/TEMP]} and close. On an implicit-TLS
     * port nothing readable can be said before a handshake, so it just closes.
     */
    public void refuse(dev.poplar.server.guard.ConnectionLimits.Limit limit) {
        LOG.log(Level.INFO, "refusing a connection from {0}: {1} limit reached", LoginLog.address(session.remote), limit);
        if (!implicitTls) {
            quietly(() -> {
                rawOut.write(StatusLine.err(ResponseCode.SYS_TEMP, "Too many connections; try again later.").encode());
                rawOut.flush();
            });
        }
        quietly(transport::close);
    }

    @Override
    public void run() {
        LineReader in = null;
        OutputStream out = null;
        try {
            if (implicitTls) upgrade();
            in = new LineReader(rawIn, Limits.MAX_COMMAND_OCTETS);
            out = new BufferedOutputStream(rawOut, 8192);
            ReplyWriter writer = new ReplyWriter(out, config.multiLineIndicator());
            String greeting = "Poplar POP3 server ready."
                    + (config.capaVersion() ? " Capabilities " + Capabilities.version(config, session, sasl.usableMechanisms()) + "." : "")
                    + (session.apopTimestamp != null ? " " + session.apopTimestamp : "");
            out.write(StatusLine.ok(greeting).encode());
            boolean firstLine = true;
            while (true) {
                if (!in.hasBufferedLine()) {
                    out.flush();
                    in.shrinkIfIdle();
                }
                byte[] line = in.readLine();
                if (line == null) return; // the client went away: nothing is committed
                session.lastActivityNanos = System.nanoTime();
                Step step;
                if (state instanceof SaslInProgress s) {
                    step = sasl.respond(s, line);
                } else {
                    // protocol.md §1, ALPACA: an HTTP request is not a POP3 client; close without a word.
                    // Checked again after STLS, where the first command is attacker-chosen too.
                    if (firstLine && CommandParser.looksLikeHttp(line)) {
                        LOG.log(Level.DEBUG, "closing: HTTP request from {0}", LoginLog.address(session.remote));
                        return;
                    }
                    step = dispatch(CommandParser.parse(line));
                }
                firstLine = false;
                SessionState before = state;
                state = step.next();
                if ((before instanceof Sleeping) != (state instanceof Sleeping)) applyTimeout();
                if (step.clientError() && ++consecutiveErrors >= budget()) {
                    writer.write(Reply.err("Too many invalid commands, closing."));
                    out.flush();
                    return;
                }
                if (!step.clientError()) consecutiveErrors = 0;
                if (step.startTls()) {
                    // protocol.md §6 (CVE-2021-38084 class): bytes pipelined after STLS would be read as if
                    // they came over TLS. Refuse and close rather than guess.
                    if (in.buffered() > 0) {
                        LOG.log(Level.INFO, "closing: data sent after STLS before TLS from {0}", LoginLog.address(session.remote));
                        out.write(StatusLine.err("Unexpected data after STLS, closing.").encode());
                        out.flush();
                        return;
                    }
                    writer.write(step.reply());
                    out.flush();
                    upgrade();
                    in = new LineReader(rawIn, Limits.MAX_COMMAND_OCTETS);
                    out = new BufferedOutputStream(rawOut, 8192);
                    writer = new ReplyWriter(out, config.multiLineIndicator());
                    // RFC 2595 §4: a fresh AUTHORIZATION state; nothing said before TLS counts.
                    session.utf8 = false;
                    session.language = "en";
                    firstLine = true;
                    consecutiveErrors = 0;
                    continue;
                }
                writer.write(step.reply());
                if (step.close()) {
                    in.discardBuffered(); // protocol.md §1: a QUIT discards whatever is still buffered
                    out.flush();
                    return;
                }
            }
        } catch (LineTooLongException e) {
            // protocol.md §1: one -ERR past the cap, then close; the partial line is never executed.
            OutputStream o = out;
            quietly(() -> {
                o.write(StatusLine.err("Line too long.").encode());
                o.flush();
            });
        } catch (SocketTimeoutException e) {
            // RFC 1939 §3: the autologout timer closes without a response and without entering UPDATE.
            LOG.log(Level.DEBUG, "closing idle connection from {0}", LoginLog.address(session.remote));
        } catch (ReplyWriter.ContentException e) {
            LOG.log(Level.WARNING, "message content became unreadable during RETR; connection closed", e.getCause());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "connection from {0} ended: {1}", LoginLog.address(session.remote), e.toString());
        } catch (RuntimeException e) {
            // design.md principle 5: anything else is a bug; log it, tell the client nothing but SYS/TEMP.
            LOG.log(Level.ERROR, "internal error in POP3 session", e);
            OutputStream o = out;
            if (o != null) {
                quietly(() -> {
                    o.write(StatusLine.err(ResponseCode.SYS_TEMP, "Internal server error, closing.").encode());
                    o.flush();
                });
            }
        } finally {
            if (state instanceof Transaction t) logins.release(t); // maildrop and lock; never a commit
            // Over TLS, close the TLS socket (close_notify, then the TCP socket); else the transport.
            SSLSocket ssl = tlsSocket;
            quietly(ssl != null ? ssl::close : transport::close);
        }
    }

    /** Runs the TLS handshake under its timeout and switches the streams to TLS (RFC 8314, RFC 2595 §4). */
    private void upgrade() throws IOException {
        TlsConfig tls = config.tls();
        SSLSocket ssl = tls.wrap(socket);
        TlsConfig.handshake(ssl, config.handshakeTimeout());
        tlsSocket = ssl;
        rawIn = ssl.getInputStream();
        rawOut = new StallWatch(ssl.getOutputStream());
        session.secure = true;
        session.channelBinding = TlsConfig.tlsServerEndPoint(ssl.getSession());
    }

    /** Whether a write to the client has been blocked for longer than {@code nanos} (the client stopped reading). */
    public boolean stalledLongerThan(long nanos, long now) {
        return rawOut.stalledNanos(now) > nanos;
    }

    /** Ends the conversation from another thread (shutdown): the socket closes, nothing is committed. */
    public void abort() {
        quietly(transport::close);
    }

    /** Seed extension SLEE/WAKE: SLEEP has its own, longer inactivity timer (protocol.md §2). */
    private void applyTimeout() {
        if (socket == null) return;
        java.time.Duration timeout = state instanceof Sleeping ? config.sleepTimeout() : config.idleTimeout();
        quietly(() -> socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    }

    private Step dispatch(dev.poplar.protocol.Command command) {
        return switch (state) {
            case Authorization a -> authorization.handle(a, command);
            case Transaction t -> transaction.handle(t, command);
            case Sleeping s -> sleep.handle(s, command);
            case SaslInProgress s -> throw new IllegalStateException("SASL responses are not commands");
        };
    }

    private int budget() {
        return state instanceof Transaction ? config.errorBudgetAfterLogin() : config.errorBudgetBeforeLogin();
    }

    private interface IoAction {
        void run() throws Exception;
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (Exception ignored) {
            // closing a connection that is already broken
        }
    }
}
