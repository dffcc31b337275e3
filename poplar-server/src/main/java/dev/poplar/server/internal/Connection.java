// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.Command;
import dev.poplar.protocol.CommandParser;
import dev.poplar.protocol.LineReader;
import dev.poplar.protocol.LineTooLongException;
import dev.poplar.protocol.Limits;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.internal.SessionState.Authorization;
import dev.poplar.server.internal.SessionState.Transaction;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;

/**
 * One POP3 conversation, run on its own (virtual) thread from greeting to close.
 *
 * <p>The loop: flush if no whole command is buffered (so a pipelined batch costs one write), read one
 * bounded line, parse it into a {@link Command}, let the handler for the current {@link SessionState}
 * turn it into a {@link Step}, count client errors, write the reply, move to the next state. Only this
 * class touches the streams. Nothing is ever deleted unless a handler commits at QUIT: a drop, a
 * timeout, a fault or a shutdown just closes the maildrop (RFC 1939 §6).
 *
 * <p>Not thread-safe; {@link #abort()} may be called from another thread to end it.
 */
public final class Connection implements Runnable {
    private static final Logger LOG = System.getLogger(Connection.class.getName());

    private final ServerConfig config;
    private final ConnectionInfo info;
    private final InputStream rawIn;
    private final StallWatch rawOut;
    private final AutoCloseable transport;
    private final AuthorizationCommands authorization;
    private final TransactionCommands transaction;
    private SessionState state = Authorization.FRESH;
    private int consecutiveErrors;

    /**
     * @param transport closed when the conversation ends or is aborted (the socket)
     */
    public Connection(ServerConfig config, InputStream in, OutputStream out, AutoCloseable transport,
                      java.net.InetSocketAddress remote, java.net.InetSocketAddress local, boolean secure) {
        this.config = config;
        this.info = new ConnectionInfo(remote, local, secure);
        this.rawIn = in;
        this.rawOut = new StallWatch(out);
        this.transport = transport;
        this.authorization = new AuthorizationCommands(config, info);
        this.transaction = new TransactionCommands(config);
    }

    @Override
    public void run() {
        LineReader in = new LineReader(rawIn, Limits.MAX_COMMAND_OCTETS);
        OutputStream out = new BufferedOutputStream(rawOut, 8192);
        ReplyWriter writer = new ReplyWriter(out);
        try {
            out.write(StatusLine.ok("Poplar POP3 server ready.").encode());
            boolean firstLine = true;
            while (true) {
                if (!in.hasBufferedLine()) {
                    out.flush();
                    in.shrinkIfIdle();
                }
                byte[] line = in.readLine();
                if (line == null) return; // the client went away: nothing is committed
                // protocol.md §1, ALPACA: an HTTP request is not a POP3 client; close without a word.
                if (firstLine && CommandParser.looksLikeHttp(line)) {
                    LOG.log(Level.DEBUG, "closing: HTTP request from {0}", LoginLog.address(info.remote()));
                    return;
                }
                firstLine = false;
                Step step = dispatch(CommandParser.parse(line));
                state = step.next();
                if (step.clientError() && ++consecutiveErrors >= budget()) {
                    writer.write(Reply.err("Too many invalid commands, closing."));
                    out.flush();
                    return;
                }
                if (!step.clientError()) consecutiveErrors = 0;
                writer.write(step.reply());
                if (step.close()) {
                    in.discardBuffered(); // protocol.md §1: a QUIT discards whatever is still buffered
                    out.flush();
                    return;
                }
            }
        } catch (LineTooLongException e) {
            // protocol.md §1: one -ERR past the cap, then close; the partial line is never executed.
            quietly(() -> {
                out.write(StatusLine.err("Line too long.").encode());
                out.flush();
            });
        } catch (SocketTimeoutException e) {
            // RFC 1939 §3: the autologout timer closes without a response and without entering UPDATE.
            LOG.log(Level.DEBUG, "closing idle connection from {0}", LoginLog.address(info.remote()));
        } catch (ReplyWriter.ContentException e) {
            LOG.log(Level.WARNING, "message content became unreadable during RETR; connection closed", e.getCause());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "connection from {0} ended: {1}", LoginLog.address(info.remote()), e.toString());
        } catch (RuntimeException e) {
            // design.md principle 5: anything else is a bug; log it, tell the client nothing but SYS/TEMP.
            LOG.log(Level.ERROR, "internal error in POP3 session", e);
            quietly(() -> {
                out.write(StatusLine.err(ResponseCode.SYS_TEMP, "Internal server error, closing.").encode());
                out.flush();
            });
        } finally {
            if (state instanceof Transaction t) t.maildrop().close();
            quietly(transport::close);
        }
    }

    /** Whether a write to the client has been blocked for longer than {@code nanos} (the client stopped reading). */
    public boolean stalledLongerThan(long nanos, long now) {
        return rawOut.stalledNanos(now) > nanos;
    }

    /** Ends the conversation from another thread (shutdown): the socket closes, nothing is committed. */
    public void abort() {
        quietly(transport::close);
    }

    private Step dispatch(Command command) {
        return switch (state) {
            case Authorization a -> authorization.handle(a, command);
            case Transaction t -> transaction.handle(t, command);
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
