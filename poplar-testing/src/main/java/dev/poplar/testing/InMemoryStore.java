// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing;

import dev.poplar.protocol.MessageEncoder;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.ScramCredential;
import dev.poplar.server.spi.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A store that keeps users and messages in memory, for tests and embedding. Thread-safe: tests may
 * deliver and remove messages while sessions run, as an MTA or another program would. Passwords are
 * kept in plaintext, so every SASL mechanism and APOP work against it (SCRAM keys are derived).
 *
 * <pre>{@code
 * InMemoryStore store = new InMemoryStore();
 * store.addUser("alice", "secret");
 * String uid = store.deliver("alice", "Subject: hi\r\n\r\nHello\r\n");
 * }</pre>
 */
public final class InMemoryStore implements Authenticator, MaildropProvider, CredentialStore {
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Stored>> boxes = new ConcurrentHashMap<>();
    private final Set<String> readOnly = ConcurrentHashMap.newKeySet();
    /** Per-instance key of the credential tags, so that a tag reveals nothing about the password. */
    private final byte[] tagKey = new byte[32];
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong nextUid = new AtomicLong(1);
    private volatile boolean failCommits;

    /** A message as delivered. */
    private record Stored(byte[] content, Instant received) {}

    /** An empty store: no users. */
    public InMemoryStore() {
        new java.security.SecureRandom().nextBytes(tagKey);
    }

    /**
     * Adds a user (or changes the password) with an empty maildrop if it has none. A changed password
     * changes the credential tag, so that a sleeping session of the user fails at WAKE.
     */
    public InMemoryStore addUser(String user, String password) {
        passwords.put(user, password);
        boxes.computeIfAbsent(user, u -> new LinkedHashMap<>());
        return this;
    }

    /**
     * Removes a user, as deleting the line from a users file would: logins and WAKE fail from now on
     * ({@link #isStillValid} is false). The messages stay, as a Maildir stays on disk, and come back with
     * {@link #addUser}.
     */
    public InMemoryStore removeUser(String user) {
        passwords.remove(user);
        return this;
    }

    /**
     * Makes a user's maildrop read-only or writable again (seed extension: DELE and DELI answer
     * {@code [READ-ONLY]}). Sessions see it at once: {@link Maildrop#readOnly()} reads it each time.
     */
    public InMemoryStore setReadOnly(String user, boolean readOnly) {
        box(user); // an unknown user is a mistake in the test
        if (readOnly) this.readOnly.add(user);
        else this.readOnly.remove(user);
        return this;
    }

    /** Delivers a message (bytes as given, any line ends), received now, and returns its unique-id. */
    public String deliver(String user, byte[] message) {
        return deliver(user, message, Instant.now());
    }

    /**
     * Delivers a message as received at a given time (for EXPIRE tests: RFC 2449 §6.7 counts from
     * delivery) and returns its unique-id. Messages are still listed in delivery order, not by this time.
     */
    public String deliver(String user, byte[] message, Instant received) {
        Objects.requireNonNull(received, "received");
        String uid = "m" + nextUid.getAndIncrement();
        lock.lock();
        try {
            box(user).put(uid, new Stored(message.clone(), received));
        } finally {
            lock.unlock();
        }
        return uid;
    }

    /** Delivers a message given as text, encoded in UTF-8. */
    public String deliver(String user, String message) {
        return deliver(user, message.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes a message as another program would; returns whether it was there. */
    public boolean remove(String user, String uid) {
        lock.lock();
        try {
            return box(user).remove(uid) != null;
        } finally {
            lock.unlock();
        }
    }

    /** The unique-ids present now, oldest first. */
    public List<String> uids(String user) {
        lock.lock();
        try {
            return List.copyOf(box(user).keySet());
        } finally {
            lock.unlock();
        }
    }

    /** A message's stored bytes, or empty if it is not there. */
    public Optional<byte[]> content(String user, String uid) {
        lock.lock();
        try {
            Stored m = box(user).get(uid);
            return Optional.ofNullable(m == null ? null : m.content().clone());
        } finally {
            lock.unlock();
        }
    }

    /** Makes every later commit fail with a temporary error, to test that nothing is lost. */
    public void failCommits(boolean fail) {
        this.failCommits = fail;
    }

    @Override
    public Optional<Account> authenticate(String user, String password) {
        String expected = passwords.get(user);
        // Compare in constant time, and compare against something even for unknown users.
        byte[] a = (expected == null ? "\0unknown" : expected).getBytes(StandardCharsets.UTF_8);
        boolean match = MessageDigest.isEqual(a, password.getBytes(StandardCharsets.UTF_8));
        return expected != null && match ? Optional.of(new Account(user, tag(user, expected))) : Optional.empty();
    }

    /** False once the user is removed, or when the account has a tag and the password changed since. */
    @Override
    public boolean isStillValid(Account account) {
        String password = passwords.get(account.name());
        if (password == null) return false;
        return account.credentialTag() == null || account.credentialTag().equals(tag(account.name(), password));
    }

    /** A keyed digest of the password, 16 hex digits; never the password itself. */
    private String tag(String user, String password) {
        try {
            byte[] mac = hmac(tagKey, user + "\0" + password);
            return java.util.HexFormat.of().formatHex(mac, 0, 8);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is required by every JDK", e);
        }
    }

    @Override
    public java.util.Set<SecretKind> secretKinds() {
        return java.util.EnumSet.allOf(SecretKind.class);
    }

    @Override
    public Optional<String> plaintextPassword(String user) {
        return Optional.ofNullable(passwords.get(user));
    }

    /** SCRAM-SHA-256 keys derived from the password (RFC 5802 §3), with a salt derived from the name. */
    @Override
    public Optional<ScramCredential> scramSha256(String user) {
        String password = passwords.get(user);
        if (password == null) return Optional.empty();
        try {
            // 16 octets and 4096 iterations: the shape Dovecot's doveadm and the users file write.
            byte[] salt = java.util.Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("poplar-test-salt:" + user).getBytes(StandardCharsets.UTF_8)), 16);
            int iterations = 4096;
            javax.crypto.SecretKeyFactory pbkdf2 = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salted = pbkdf2.generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = java.security.MessageDigest.getInstance("SHA-256").digest(clientKey);
            return Optional.of(new ScramCredential(salt, iterations, storedKey, hmac(salted, "Server Key")));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2/HMAC-SHA-256 are required by every JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String text) throws java.security.GeneralSecurityException {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Maildrop open(Account account) throws StoreException {
        if (!passwords.containsKey(account.name())) throw StoreException.temporary("no such user", null);
        return new Drop(account.name());
    }

    private Map<String, Stored> box(String user) {
        Map<String, Stored> box = boxes.get(user);
        if (box == null) throw new IllegalArgumentException("no such user: " + user);
        return box;
    }

    private final class Drop implements Maildrop {
        private final String user;

        Drop(String user) {
            this.user = user;
        }

        @Override
        public List<MessageInfo> list() {
            lock.lock();
            try {
                List<MessageInfo> out = new ArrayList<>();
                for (Map.Entry<String, Stored> e : box(user).entrySet()) {
                    out.add(new MessageInfo(e.getKey(), size(e.getValue().content()), e.getValue().received()));
                }
                return out;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public InputStream open(MessageInfo message) throws StoreException {
            lock.lock();
            try {
                Stored m = box(user).get(message.uid());
                if (m == null) throw StoreException.gone("removed: " + message.uid());
                return new ByteArrayInputStream(m.content());
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void delete(Collection<MessageInfo> messages) throws StoreException {
            if (messages.isEmpty()) return;
            // Like the Maildir store's read-only wrapper: a second line behind the server's own check.
            if (readOnly()) {
                throw new StoreException(dev.poplar.protocol.ResponseCode.READ_ONLY, "This mailbox is read-only.",
                        "refused to remove messages from a read-only maildrop", null);
            }
            if (failCommits) throw StoreException.temporary("commit failure requested by the test", null);
            lock.lock();
            try {
                for (MessageInfo m : messages) box(user).remove(m.uid());
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean readOnly() {
            return readOnly.contains(user);
        }

        @Override
        public void close() {}
    }

    private static long size(byte[] message) {
        try {
            return MessageEncoder.wireSize(new ByteArrayInputStream(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
