// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * Runs a server handshake under a total deadline. SO_TIMEOUT alone bounds each read, so a client that
 * trickles one byte just inside it could hold a handshake open for hours; a shared timer therefore
 * also closes the socket when the deadline passes. Thread-safe; one timer thread for the process.
 */
final class HandshakeDeadline {
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int EXPIRED = 2;

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private HandshakeDeadline() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "poplar-tls-handshake-deadline");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true); // a completed handshake leaves nothing behind
        return t;
    }

    static void run(SSLSocket socket, Duration timeout) throws IOException {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("handshake timeout must be positive");
        int millis = (int) Math.clamp(timeout.toMillis(), 1L, Integer.MAX_VALUE);
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> alarm = TIMER.schedule(() -> {
            // Closing may block briefly (it sends an alert), so not on the timer thread.
            if (state.compareAndSet(RUNNING, EXPIRED)) Thread.ofVirtual().name("tls-handshake-expired").start(() -> closeQuietly(socket));
        }, millis, TimeUnit.MILLISECONDS);
        boolean ok = false;
        try {
            int previous = socket.getSoTimeout();
            socket.setSoTimeout(millis);
            socket.startHandshake();
            if (!state.compareAndSet(RUNNING, DONE)) throw timedOut(timeout, null);
            socket.setSoTimeout(previous);
            ok = true;
        } catch (SocketTimeoutException e) {
            throw timedOut(timeout, e);
        } catch (IOException e) {
            if (state.get() == EXPIRED) throw timedOut(timeout, e);
            throw e;
        } finally {
            alarm.cancel(false);
            if (!ok) {
                state.set(DONE);
                closeQuietly(socket);
            }
        }
    }

    private static SocketTimeoutException timedOut(Duration timeout, Throwable cause) {
        SocketTimeoutException e = new SocketTimeoutException("TLS handshake did not complete within " + timeout.toMillis() + " ms");
        if (cause != null) e.initCause(cause);
        return e;
    }

    private static void closeQuietly(SSLSocket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException e) {
            // the peer is gone or misbehaving; nothing more to do
        }
    }
}
