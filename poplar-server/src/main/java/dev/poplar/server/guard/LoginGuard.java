// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import dev.poplar.server.NetworkSet;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The brute-force policy of protocol.md §6, modelled on Dovecot's anvil penalty (research §5.1, §5.3):
 * failed logins are delayed per client address group ({@link AddressKey}: IPv4 address or IPv6 /64),
 * 2 s, 4 s, 8 s, then 15 s; an address with N counted failures within the window is refused for the
 * block period, with the same reply and timing as a wrong password; attempts from one address share
 * one penalty across connections; a repeated identical user and secret does not escalate; exempt
 * networks are not tracked. Thread-safe: the state sits behind one short lock that is never held
 * while sleeping or hashing.
 *
 * <p>Use, once per credential check (PASS, APOP, the last step of AUTH):
 * <pre>{@code
 * LoginGuard.Admission a = guard.admit(remote);      // may sleep: this address's turn
 * if (a.refused()) return authFailed();              // do not check; same -ERR [AUTH] text
 * Account acct = authenticator.check(user, password);
 * if (acct == null) { guard.failed(remote, user, password); return authFailed(); } // sleeps the delay
 * guard.succeeded(remote);
 * }</pre>
 *
 * Memory is bounded: only failures create entries, at most {@code maxTracked} of them; expired entries
 * are dropped first, then the least recently used. The secret itself is never stored, only a 64-bit
 * HMAC-SHA256 of user and secret under a key drawn at random when the guard is built.
 */
public final class LoginGuard {
    public static final Duration FIRST_DELAY = Duration.ofSeconds(2);
    public static final Duration MAX_DELAY = Duration.ofSeconds(15);
    public static final int FAILURES_BEFORE_BLOCK = 10;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration BLOCK_PERIOD = Duration.ofMinutes(15);
    /** About 200 bytes an entry with the default N, so some 13 MB at most. */
    public static final int MAX_TRACKED = 65_536;
    private static final int EXPIRED_CHECKS_PER_INSERT = 16;

    /**
     * The outcome of {@link #admit}. Immutable.
     *
     * @param refused whether the address is blocked: reply as for a wrong password, without checking
     * @param waited  how long {@code admit} slept before returning (for logs)
     */
    public record Admission(boolean refused, Duration waited) {}

    private final Penalty.Rules rules;
    private final NetworkSet exempt;
    private final int maxTracked;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final SecretKeySpec key;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<AddressKey, Penalty> table = new LinkedHashMap<>(16, 0.75f, true); // LRU order

    private LoginGuard(Builder b) {
        this.rules = new Penalty.Rules(b.firstDelay.toNanos(), b.maxDelay.toNanos(), b.failuresBeforeBlock,
                b.window.toNanos(), b.blockPeriod.toNanos());
        this.exempt = b.exempt;
        this.maxTracked = b.maxTracked;
        this.nanoTime = b.nanoTime;
        this.sleeper = b.sleeper;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Call before checking credentials. Sleeps while a penalty of this client's address group is running
     * (or queued by parallel attempts), then says whether the address is blocked. A refused attempt has
     * also slept as long as a failure would have, so timing does not reveal the block.
     */
    public Admission admit(InetAddress client) throws InterruptedException {
        if (exempt.contains(client)) return new Admission(false, Duration.ZERO);
        AddressKey k = AddressKey.of(client);
        boolean refused;
        long wait;
        lock.lock();
        try {
            Penalty p = table.get(k);
            if (p == null) return new Admission(false, Duration.ZERO);
            long now = nanoTime.getAsLong();
            p.age(now);
            refused = p.blocked(now);
            wait = p.reserve(now, refused);
        } finally {
            lock.unlock();
        }
        return new Admission(refused, pause(wait));
    }

    /**
     * Records a failed check and sleeps the delay before the caller replies; returns that delay. The
     * secret bytes (password, or the client's final SASL response) are hashed, not kept, and the caller
     * may wipe them afterwards. {@code user} may be null when the client never named one.
     */
    public Duration failed(InetAddress client, String user, byte[] secret) throws InterruptedException {
        if (exempt.contains(client)) return Duration.ZERO;
        AddressKey k = AddressKey.of(client);
        long fingerprint = fingerprint(user, secret);
        long delay;
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            Penalty p = table.get(k);
            if (p == null) {
                makeRoom(now);
                p = new Penalty(rules, now);
                table.put(k, p);
            }
            p.age(now);
            delay = p.fail(now, fingerprint);
        } finally {
            lock.unlock();
        }
        return pause(delay);
    }

    /** Records a successful login: the address's escalation starts over (its failure count and any block remain). */
    public void succeeded(InetAddress client) {
        if (exempt.contains(client)) return;
        AddressKey k = AddressKey.of(client);
        lock.lock();
        try {
            Penalty p = table.get(k);
            if (p != null) p.succeed(nanoTime.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** How many address groups are tracked (for tests and metrics). */
    int tracked() {
        lock.lock();
        try {
            return table.size();
        } finally {
            lock.unlock();
        }
    }

    private void makeRoom(long now) {
        Iterator<Penalty> it = table.values().iterator();
        for (int i = 0; i < EXPIRED_CHECKS_PER_INSERT && it.hasNext(); i++) {
            if (it.next().expired(now)) it.remove();
        }
        it = table.values().iterator();
        while (table.size() >= maxTracked && it.hasNext()) { // under a flood, the least recently used goes
            it.next();
            it.remove();
        }
    }

    private Duration pause(long nanos) throws InterruptedException {
        if (nanos <= 0) return Duration.ZERO;
        Duration d = Duration.ofNanos(nanos);
        sleeper.sleep(d);
        return d;
    }

    private long fingerprint(String user, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // not thread-safe, and cheap to make
            mac.init(key);
            byte[] u = (user == null ? "" : user).getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(u.length).array()); // length prefix: ("ab","c") != ("a","bc")
            mac.update(u);
            if (secret != null) mac.update(secret);
            return ByteBuffer.wrap(mac.doFinal()).getLong();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Settings for a {@link LoginGuard}; defaults are protocol.md §6. Not thread-safe. */
    public static final class Builder {
        private NetworkSet exempt = NetworkSet.LOOPBACK; // protocol.md §6: loopback and trusted networks are exempt
        private Duration firstDelay = FIRST_DELAY;
        private Duration maxDelay = MAX_DELAY;
        private int failuresBeforeBlock = FAILURES_BEFORE_BLOCK;
        private Duration window = WINDOW;
        private Duration blockPeriod = BLOCK_PERIOD;
        private int maxTracked = MAX_TRACKED;
        private LongSupplier nanoTime = System::nanoTime;
        private Sleeper sleeper = Sleeper.system();

        private Builder() {}

        /** Networks that are never delayed or blocked; default {@link NetworkSet#LOOPBACK}. */
        public Builder exempt(NetworkSet networks) {
            this.exempt = Objects.requireNonNull(networks);
            return this;
        }

        /** The first failure's delay, doubled per further failure up to {@code max}. */
        public Builder delays(Duration first, Duration max) {
            if (!first.isPositive() || max.compareTo(first) < 0) throw new IllegalArgumentException("need 0 < first <= max");
            this.firstDelay = first;
            this.maxDelay = max;
            return this;
        }

        /** Block an address after {@code failures} counted failures within {@code window}, for {@code period}. */
        public Builder block(int failures, Duration window, Duration period) {
            if (failures < 1 || failures > 1000) throw new IllegalArgumentException("failures must be 1..1000");
            if (!window.isPositive() || !period.isPositive()) throw new IllegalArgumentException("window and period must be positive");
            this.failuresBeforeBlock = failures;
            this.window = window;
            this.blockPeriod = period;
            return this;
        }

        public Builder maxTracked(int max) {
            if (max < 1) throw new IllegalArgumentException("maxTracked must be at least 1");
            this.maxTracked = max;
            return this;
        }

        /** The clock, in nanoseconds with an arbitrary origin (default {@code System::nanoTime}). */
        public Builder nanoTime(LongSupplier clock) {
            this.nanoTime = Objects.requireNonNull(clock);
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        public LoginGuard build() {
            return new LoginGuard(this);
        }
    }
}
