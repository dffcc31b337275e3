// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import dev.poplar.server.NetworkSet;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connection limits: in total, per client address group ({@link AddressKey}: IPv4 address or IPv6 /64),
 * and per user once logged in. When the total is reached, the oldest connection that has not logged in
 * is shed to make room, as Dovecot's login processes do (research §5.1); only when every connection has
 * logged in is the new one refused. The caller answers a refusal with {@code -ERR [SYS/TEMP]} and
 * closes. Thread-safe: all counts sit behind one short lock, never held while calling out.
 *
 * <pre>{@code
 * switch (limits.open(remote, connection)) {
 *     case ConnectionLimits.Refused<Connection> r -> refuseAndClose(socket);       // -ERR [SYS/TEMP]
 *     case ConnectionLimits.Admitted<Connection> a -> {
 *         a.shed().ifPresent(Connection::abort);                                   // the oldest pre-login one
 *         try (var lease = a.lease()) { connection.run(lease); }                   // lease.authenticated(user) at login
 *     }
 * }
 * }</pre>
 *
 * @param <T> the caller's connection object, handed back when it is shed
 */
public final class ConnectionLimits<T> {
    public static final int MAX_TOTAL = 1000;
    /** Courier's MAXPERIP of 4 is a frequent complaint from users behind NAT (server-anchors §1.6). */
    public static final int MAX_PER_ADDRESS = 20;
    /** Dovecot's mail_max_userip_connections default is 10. */
    public static final int MAX_PER_USER = 10;

    /** Which limit refused a connection or login (for logs and metrics). */
    public enum Limit { TOTAL, PER_ADDRESS, PER_USER }

    /** The outcome of {@link #open}. */
    public sealed interface Admission<T> permits Admitted, Refused {}

    /**
     * The connection may proceed; close {@code lease} when it ends. If {@code shed} is present, that older
     * connection has lost its place and the caller must close it (its lease is already released).
     */
    public record Admitted<T>(Lease<T> lease, Optional<T> shed) implements Admission<T> {}

    /** The connection must be refused: answer {@code -ERR [SYS/TEMP]} and close. */
    public record Refused<T>(Limit limit) implements Admission<T> {}

    private final int maxTotal;
    private final int maxPerAddress;
    private final int maxPerUser;
    private final NetworkSet exempt;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashSet<Lease<T>> unauthenticated = new LinkedHashSet<>(); // oldest first
    private final Map<AddressKey, Integer> perAddress = new HashMap<>();
    private final Map<String, Integer> perUser = new HashMap<>();
    private int total;

    private ConnectionLimits(Builder b) {
        this.maxTotal = b.maxTotal;
        this.maxPerAddress = b.maxPerAddress;
        this.maxPerUser = b.maxPerUser;
        this.exempt = b.exempt;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Decides about a new connection from {@code client}; on admission it counts until its lease is closed. */
    public Admission<T> open(InetAddress client, T connection) {
        Objects.requireNonNull(connection);
        AddressKey key = exempt.contains(client) ? null : AddressKey.of(client);
        lock.lock();
        try {
            if (key != null && perAddress.getOrDefault(key, 0) >= maxPerAddress) return new Refused<>(Limit.PER_ADDRESS);
            T shed = null;
            if (total >= maxTotal) {
                Iterator<Lease<T>> oldest = unauthenticated.iterator();
                if (!oldest.hasNext()) return new Refused<>(Limit.TOTAL);
                Lease<T> victim = oldest.next();
                victim.release();
                shed = victim.connection;
            }
            Lease<T> lease = new Lease<>(this, key, connection);
            unauthenticated.add(lease);
            if (key != null) perAddress.merge(key, 1, Integer::sum);
            total++;
            return new Admitted<>(lease, Optional.ofNullable(shed));
        } finally {
            lock.unlock();
        }
    }

    /** How many connections are counted now. */
    public int total() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One admitted connection's place. {@link #close} is idempotent and safe from any thread; a lease
     * that was shed is already released. Thread-safe.
     *
     * @param <T> the caller's connection object
     */
    public static final class Lease<T> implements AutoCloseable {
        private final ConnectionLimits<T> limits;
        private final AddressKey key; // null when exempt from the per-address limit
        private final T connection;
        private String user; // set at login
        private boolean released;

        private Lease(ConnectionLimits<T> limits, AddressKey key, T connection) {
            this.limits = limits;
            this.key = key;
            this.connection = connection;
        }

        /**
         * Moves the connection to the logged-in set, counting {@code user} (the canonical account name).
         * Returns false, changing nothing, if the user already has the maximum number of sessions (refuse
         * the login with {@code -ERR [SYS/TEMP]}), if this lease was already released (it was shed: close
         * the connection), or if it already logged in.
         */
        public boolean authenticated(String user) {
            Objects.requireNonNull(user);
            limits.lock.lock();
            try {
                if (released || this.user != null) return false;
                if (limits.perUser.getOrDefault(user, 0) >= limits.maxPerUser) return false;
                limits.perUser.merge(user, 1, Integer::sum);
                limits.unauthenticated.remove(this);
                this.user = user;
                return true;
            } finally {
                limits.lock.unlock();
            }
        }

        /**
         * The session logged out but the connection stays (seed extension QAUT): the user's count drops
         * and the connection counts as unauthenticated again (newest, so shed last).
         */
        public void loggedOut() {
            limits.lock.lock();
            try {
                if (released || user == null) return;
                limits.perUser.computeIfPresent(user, (k, n) -> n == 1 ? null : n - 1);
                user = null;
                limits.unauthenticated.add(this);
            } finally {
                limits.lock.unlock();
            }
        }

        /** Releases the place (and the user's count after login). Idempotent. */
        @Override
        public void close() {
            limits.lock.lock();
            try {
                release();
            } finally {
                limits.lock.unlock();
            }
        }

        /** Called with the lock held. */
        private void release() {
            if (released) return;
            released = true;
            limits.total--;
            if (key != null) limits.perAddress.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
            if (user != null) limits.perUser.computeIfPresent(user, (k, n) -> n == 1 ? null : n - 1);
            else limits.unauthenticated.remove(this);
        }
    }

    /** Settings for {@link ConnectionLimits}. Not thread-safe. */
    public static final class Builder {
        private int maxTotal = MAX_TOTAL;
        private int maxPerAddress = MAX_PER_ADDRESS;
        private int maxPerUser = MAX_PER_USER;
        private NetworkSet exempt = NetworkSet.NONE;

        private Builder() {}

        public Builder maxTotal(int n) {
            this.maxTotal = positive(n, "maxTotal");
            return this;
        }

        public Builder maxPerAddress(int n) {
            this.maxPerAddress = positive(n, "maxPerAddress");
            return this;
        }

        public Builder maxPerUser(int n) {
            this.maxPerUser = positive(n, "maxPerUser");
            return this;
        }

        /** Networks not subject to the per-address limit (still counted in the total); default none. */
        public Builder exemptFromPerAddress(NetworkSet networks) {
            this.exempt = Objects.requireNonNull(networks);
            return this;
        }

        public <T> ConnectionLimits<T> build() {
            return new ConnectionLimits<>(this);
        }

        private static int positive(int n, String name) {
            if (n < 1) throw new IllegalArgumentException(name + " must be at least 1");
            return n;
        }
    }
}
