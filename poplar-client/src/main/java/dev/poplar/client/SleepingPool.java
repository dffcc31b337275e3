// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import dev.poplar.protocol.ResponseCode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A small, bounded, thread-safe pool of sleeping connections (SLEE/WAKE, protocol.md §7), keyed by
 * account. {@link #release} puts a logged-in connection to sleep (SLEE commits like QUIT) and keeps
 * it; {@link #borrow} wakes one and says whether there is new mail. A connection whose WAKE is refused
 * ({@code [IN-USE]}, {@code [AUTH]} or any other -ERR) or fails with an I/O error is closed, dropped and
 * reported to the discard listener; the next pooled one is tried. Network I/O happens outside the
 * pool's lock, on connections no other caller can see.
 */
public final class SleepingPool implements AutoCloseable {

    /** Which account a connection is logged in to. */
    public record Account(String host, int port, String user) {
        public Account {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
        }
    }

    /** A woken connection, now in TRANSACTION state and owned by the caller, and what WAKE said. */
    public record Woken(Pop3Client client, Activity activity) {}

    /**
     * A connection the pool gave up: {@code cause} is the {@link Pop3Exception} of a refused WAKE or
     * NOOP (see {@link Pop3Exception#code()}, e.g. {@link ResponseCode#IN_USE} or {@link ResponseCode#AUTH})
     * or the I/O error.
     */
    public record Discard(Account account, IOException cause) {
        /** Whether the server refused (as opposed to the connection failing). */
        public boolean refused() {
            return cause instanceof Pop3Exception;
        }
    }

    private final int maxSize;
    private final Consumer<Discard> onDiscard;
    private final Map<Account, Deque<Pop3Client>> idle = new HashMap<>();
    private int size;
    private boolean closed;

    /** A pool of at most {@code maxSize} sleeping connections that drops discards silently. */
    public SleepingPool(int maxSize) {
        this(maxSize, d -> {});
    }

    /** A pool of at most {@code maxSize} sleeping connections, over all accounts. */
    public SleepingPool(int maxSize, Consumer<Discard> onDiscard) {
        if (maxSize < 1) throw new IllegalArgumentException("maxSize must be at least 1");
        this.maxSize = maxSize;
        this.onDiscard = Objects.requireNonNull(onDiscard, "onDiscard");
    }

    /**
     * Wakes a pooled connection for {@code account}: empty when none is pooled (or every pooled one had
     * to be discarded); then the caller connects and logs in itself.
     */
    public Optional<Woken> borrow(Account account) {
        while (true) {
            Pop3Client c = take(account);
            if (c == null) return Optional.empty();
            try {
                return Optional.of(new Woken(c, c.wake()));
            } catch (IOException e) {
                discard(account, c, e);
            }
        }
    }

    /**
     * Puts {@code client} (logged in to {@code account}, in TRANSACTION state) to sleep and keeps it. SLEE
     * commits the marked deletions like QUIT, so a normal return means they are committed. Returns
     * {@code true} when pooled, {@code false} when the pool is full or closed (the connection, already
     * committed, is then logged out with QUIT and closed).
     *
     * @throws Pop3Exception SLEE refused: nothing committed; the connection is still awake and the caller's
     * @throws IOException the connection failed: whether SLEE committed is unknown; it is closed
     * @throws IllegalStateException the server does not offer SLEE-WAKE
     */
    public boolean release(Account account, Pop3Client client) throws IOException {
        Objects.requireNonNull(account, "account");
        try {
            client.sleep();
        } catch (Pop3Exception refused) {
            throw refused;
        } catch (IOException e) {
            client.close();
            throw e;
        }
        synchronized (this) {
            if (!closed && size < maxSize) {
                idle.computeIfAbsent(account, a -> new ArrayDeque<>()).addLast(client);
                size++;
                return true;
            }
        }
        client.quit();
        return false;
    }

    /**
     * NOOPs every idle connection (allowed while sleeping) and discards the ones that fail; returns how
     * many were discarded. Connections being checked cannot be borrowed meanwhile.
     */
    public int checkIdle() {
        Map<Account, List<Pop3Client>> checking = new HashMap<>();
        synchronized (this) {
            for (Map.Entry<Account, Deque<Pop3Client>> e : idle.entrySet()) checking.put(e.getKey(), new ArrayList<>(e.getValue()));
            idle.clear();
            size = 0;
        }
        int dropped = 0;
        for (Map.Entry<Account, List<Pop3Client>> e : checking.entrySet()) {
            for (Pop3Client c : e.getValue()) {
                try {
                    c.noop();
                } catch (IOException failed) {
                    discard(e.getKey(), c, failed);
                    dropped++;
                    continue;
                }
                boolean kept;
                synchronized (this) {
                    kept = !closed && size < maxSize;
                    if (kept) {
                        idle.computeIfAbsent(e.getKey(), a -> new ArrayDeque<>()).addLast(c);
                        size++;
                    }
                }
                if (!kept) c.quit();
            }
        }
        return dropped;
    }

    /** How many sleeping connections are pooled now. */
    public synchronized int size() {
        return size;
    }

    /** Logs out (QUIT) and closes every pooled connection; later releases are not pooled. */
    @Override
    public void close() {
        List<Pop3Client> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
            size = 0;
        }
        for (Pop3Client c : all) {
            try {
                c.quit();
            } catch (RuntimeException e) {
                c.close();
            }
        }
    }

    private synchronized Pop3Client take(Account account) {
        Deque<Pop3Client> q = idle.get(account);
        if (q == null || q.isEmpty()) return null;
        Pop3Client c = q.pollFirst();
        if (q.isEmpty()) idle.remove(account);
        size--;
        return c;
    }

    private void discard(Account account, Pop3Client c, IOException cause) {
        c.close();
        try {
            onDiscard.accept(new Discard(account, cause));
        } catch (RuntimeException ignored) {
            // a failing listener must not break the pool
        }
    }
}
