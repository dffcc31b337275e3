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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Map<String, Map<String, byte[]>> boxes = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong nextUid = new AtomicLong(1);
    private volatile boolean failCommits;

    /** Adds a user (or changes the password) with an empty maildrop if it has none. */
    public InMemoryStore addUser(String user, String password) {
        passwords.put(user, password);
        boxes.computeIfAbsent(user, u -> new LinkedHashMap<>());
        return this;
    }

    /** Delivers a message (bytes as given, any line ends) and returns its unique-id. */
    public String deliver(String user, byte[] message) {
        String uid = "m" + nextUid.getAndIncrement();
        lock.lock();
        try {
            box(user).put(uid, message.clone());
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
            byte[] b = box(user).get(uid);
            return Optional.ofNullable(b == null ? null : b.clone());
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
        return expected != null && match ? Optional.of(new Account(user)) : Optional.empty();
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

    private Map<String, byte[]> box(String user) {
        Map<String, byte[]> box = boxes.get(user);
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
                for (Map.Entry<String, byte[]> e : box(user).entrySet()) {
                    out.add(new MessageInfo(e.getKey(), size(e.getValue())));
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
                byte[] b = box(user).get(message.uid());
                if (b == null) throw StoreException.gone("removed: " + message.uid());
                return new ByteArrayInputStream(b);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void delete(Collection<MessageInfo> messages) throws StoreException {
            if (failCommits) throw StoreException.temporary("commit failure requested by the test", null);
            lock.lock();
            try {
                for (MessageInfo m : messages) box(user).remove(m.uid());
            } finally {
                lock.unlock();
            }
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
