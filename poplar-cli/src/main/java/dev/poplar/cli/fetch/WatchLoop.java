// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import dev.poplar.client.Activity;
import dev.poplar.client.Pop3Client;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code poplar fetch --watch}: fetch runs, one per poll, {@code interval} apart. Where the server offers
 * SLEE-WAKE the logged-in connection sleeps between polls and is woken for the next (fetching only when
 * WAKE says NEW or cannot tell); otherwise every poll logs in again and ends with QUIT. A failed WAKE
 * means a fresh login. {@link #stop()} (from a signal) ends the loop between polls, never inside one.
 * Used by one thread, apart from {@link #stop()}.
 */
public final class WatchLoop {

    /** Connects and logs in. */
    public interface Connector {
        Pop3Client connect() throws IOException;
    }

    /** What the command makes of each poll; each method returns whether watching goes on. */
    public interface Listener {
        boolean result(Fetcher.Result result);

        boolean failure(IOException e);
    }

    private final Connector connector;
    private final FetchState state;
    private final Destination destination;
    private final Spool spool;
    private final PrintWriter out;
    private final String account;
    private final Fetcher.Options options;
    private final Duration interval;
    private final int maxPolls;
    private final Object lock = new Object();
    private boolean stopped;

    /** @param maxPolls at most this many polls (test support), or 0 for no bound */
    public WatchLoop(Connector connector, FetchState state, Destination destination, Spool spool, PrintWriter out,
                     String account, Fetcher.Options options, Duration interval, int maxPolls) {
        this.connector = connector;
        this.state = state;
        this.destination = destination;
        this.spool = spool;
        this.out = out;
        this.account = account;
        this.options = options;
        this.interval = interval;
        this.maxPolls = maxPolls;
    }

    /** Ends the loop after the current poll (or at once when it is waiting). Any thread. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    private boolean stopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** Polls until {@link #stop()}, the poll bound, or the listener says stop. */
    public void run(Listener listener) {
        Pop3Client asleep = null;
        try {
            for (int poll = 1; !stopped(); poll++) {
                boolean last = maxPolls > 0 && poll >= maxPolls;
                boolean goOn;
                try {
                    Pop3Client client = null;
                    if (asleep != null) {
                        Pop3Client c = asleep;
                        asleep = null;
                        Activity activity = wake(c);
                        if (activity == Activity.NONE && nothingDue()) {
                            out.println("poplar fetch: woke: no new mail");
                            asleep = last ? quit(c) : backToSleep(c);
                            if (last) return;
                            pause();
                            continue;
                        }
                        if (activity != null) client = c;
                    }
                    if (client == null) client = connector.connect();
                    boolean sleepAfter = !last && client.capabilities().hasSleepWake();
                    Fetcher.Outcome o = new Fetcher(client, state, destination, spool, out, account).run(options, sleepAfter);
                    if (o.asleep()) asleep = client;
                    goOn = listener.result(o.result());
                } catch (IOException e) {
                    goOn = listener.failure(e);
                }
                if (!goOn || last) return;
                pause();
            }
        } finally {
            if (asleep != null) asleep.quit(); // QUIT while asleep: nothing is left to commit
        }
    }

    /** WAKE; null (the connection closed) when it is refused or fails: the caller logs in afresh. */
    private Activity wake(Pop3Client c) {
        try {
            Activity a = c.wake();
            if (a != Activity.NONE) out.println("poplar fetch: woke: " + (a == Activity.NEW ? "new mail" : "activity unknown"));
            return a;
        } catch (IOException e) {
            out.println("poplar fetch: WAKE failed (" + e.getMessage() + "); logging in again");
            c.close();
            return null;
        }
    }

    /** Nothing but new mail could make a run do something (no delete-after-days, no pending deletions). */
    private boolean nothingDue() {
        return options.deleteAfterDays() < 0 && state.pendingDeletes().isEmpty() && state.openIntents().isEmpty();
    }

    /** SLEE again (nothing to commit); null when that fails (the next poll logs in afresh). */
    private static Pop3Client backToSleep(Pop3Client c) {
        try {
            c.sleep();
            return c;
        } catch (IOException e) {
            c.quit();
            return null;
        }
    }

    private static Pop3Client quit(Pop3Client c) {
        c.quit();
        return null;
    }

    private void pause() {
        long end = System.nanoTime() + interval.toNanos();
        synchronized (lock) {
            while (!stopped) {
                long left = end - System.nanoTime();
                if (left <= 0) return;
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
        }
    }
}
