// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.ScramCredential;
import dev.poplar.server.spi.StoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link Authenticator} backed by a Dovecot passwd-file, one user per line:
 * {@code user:{SCHEME}hash[:uid:gid:gecos:home:shell[:extra fields]]}. Thread-safe: any number of
 * sessions may call it at once; when the file's modification time, size or inode changed, the first
 * call to notice re-reads it while the others keep using the last good contents.
 *
 * <p>At most {@link #DEFAULT_MAX_CONCURRENT_CHECKS} checks run at once by default: each Argon2id check
 * allocates its memory cost (64 MiB by default), so a burst of logins could otherwise exhaust the heap.
 *
 * <p>So that a slow hash does not cap the login rate of a user who fetches every minute, a successful
 * check is remembered for {@link #DEFAULT_CACHE_TTL} unless set otherwise (zero turns it off), as
 * Dovecot's auth cache does; a login with the same password meanwhile is answered at once. Safe because
 * a hit needs the right password (a wrong one, or an unknown name, takes the full check, so the timing
 * tells nothing); what is kept is an HMAC under a random per-instance key, never the password; a hit is
 * bound to the credential tag of the user's line, so a changed password never hits; and a change to the
 * file drops everything. Failures are never remembered.
 *
 * <p>It is also a {@link CredentialStore} for the challenge-response mechanisms: {@code {PLAIN}} entries
 * give the plaintext (CRAM-MD5, APOP) and derived SCRAM-SHA-256 keys; {@code {SCRAM-SHA-256}} entries
 * give their keys. Users stored as one-way hashes can use neither.
 */
public final class UsersFile implements Authenticator, CredentialStore {

    /** One check per processor (at least two): the work is CPU-bound, so more at once only adds memory. */
    public static final int DEFAULT_MAX_CONCURRENT_CHECKS = Math.max(2, Runtime.getRuntime().availableProcessors());

    /** How long a verified password is remembered by default: a user fetching every few minutes stays cached. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(UsersFile.class.getName());

    private final Path path;
    private final PasswordChecks checks;
    private final VerifiedLogins verified;
    private final DerivedScramKeys derived = new DerivedScramKeys();
    private final CredentialTags tags = new CredentialTags();
    private final ReentrantLock reloadLock = new ReentrantLock();
    private final AtomicBoolean statFailing = new AtomicBoolean();
    private volatile UserTable table;
    /** The version whose reload failed last, so each bad version is warned about once. Guarded by reloadLock. */
    private FileStamp failedStamp;

    private UsersFile(Path path, int maxConcurrentChecks, PasswordHasher.Argon2id dummyCost, VerifiedLogins verified)
            throws IOException {
        this.path = Objects.requireNonNull(path, "path");
        this.checks = new PasswordChecks(maxConcurrentChecks, dummyCost);
        this.verified = Objects.requireNonNull(verified, "verified");
        try {
            FileStamp stamp = FileStamp.of(path);
            this.table = UserTable.load(path, stamp);
        } catch (IOException e) {
            throw new IOException(UsersFileIo.describe(path, e), e);
        }
        LOG.log(Level.INFO, "users file {0}: {1} users", path, Integer.toString(table.users().size()));
    }

    /**
     * Reads the users file.
     *
     * @throws IOException when the file is missing or unreadable; the message names the file and why
     */
    public static UsersFile open(Path path) throws IOException {
        return open(path, DEFAULT_MAX_CONCURRENT_CHECKS);
    }

    /**
     * Reads the users file, allowing at most {@code maxConcurrentChecks} password checks at once.
     *
     * @throws IOException when the file is missing or unreadable; the message names the file and why
     */
    public static UsersFile open(Path path, int maxConcurrentChecks) throws IOException {
        return open(path, maxConcurrentChecks, DEFAULT_CACHE_TTL);
    }

    /**
     * Reads the users file, allowing at most {@code maxConcurrentChecks} password checks at once and
     * remembering a verified password for {@code cacheTtl} (see the class description).
     *
     * @param cacheTtl how long a verified password is remembered; {@link Duration#ZERO} for never
     * @throws IOException when the file is missing or unreadable; the message names the file and why
     * @throws IllegalArgumentException when {@code maxConcurrentChecks} is below 1 or {@code cacheTtl} negative
     */
    public static UsersFile open(Path path, int maxConcurrentChecks, Duration cacheTtl) throws IOException {
        return new UsersFile(path, maxConcurrentChecks, PasswordHasher.Argon2id.DEFAULT,
                new VerifiedLogins(cacheTtl, VerifiedLogins.MAX_ENTRIES, System::nanoTime));
    }

    /** For tests: a cheaper dummy hash, so that many unknown-user checks stay fast. */
    static UsersFile openForTest(Path path, int maxConcurrentChecks, PasswordHasher.Argon2id dummyCost)
            throws IOException {
        return openForTest(path, maxConcurrentChecks, dummyCost,
                new VerifiedLogins(DEFAULT_CACHE_TTL, VerifiedLogins.MAX_ENTRIES, System::nanoTime));
    }

    /** For tests: a cheaper dummy hash and a cache of verified passwords with its own bound and clock. */
    static UsersFile openForTest(Path path, int maxConcurrentChecks, PasswordHasher.Argon2id dummyCost,
                                 VerifiedLogins verified) throws IOException {
        return new UsersFile(path, maxConcurrentChecks, dummyCost, verified);
    }

    /** The file this reads. */
    public Path path() {
        return path;
    }

    /**
     * The entry for a name (exact, case-sensitive), re-reading the file first if it changed. For later
     * mechanisms that need the extra fields or the stored secret; it does no password check and no
     * timing equalisation, so never answer a client from it before authentication.
     */
    public Optional<UserEntry> find(String name) {
        refresh();
        return Optional.ofNullable(table.users().get(name));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The name must match exactly (case-sensitive). An unknown name, a plaintext entry, a SCRAM-SHA-256
     * entry (its PBKDF2 is fast) and an entry in an unsupported scheme are each also checked against an
     * entry of the file's most common kind and cost ({@link PaddingReference}; a dummy Argon2id hash with
     * the default costs when there is none), so that the answer does not come back faster than for most
     * known users: a file of Argon2id users pads with Argon2id, a file of {@code {PLAIN}} users with a
     * plaintext comparison. The one exception is a password verified for this user within the cache
     * lifetime (see the class description): that answer is yes at once.
     *
     * @throws StoreException only when interrupted while waiting for a check permit
     */
    @Override
    public Optional<Account> authenticate(String user, String password) throws StoreException {
        refresh();
        UserEntry entry = user == null ? null : table.users().get(user);
        byte[] secret = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        try {
            // Too long to check (StoredPassword.MAX_PASSWORD_BYTES): wrong for every user, so it takes the
            // unknown-user path, and neither the cache nor the dummy gets such input.
            boolean tooLong = secret.length > StoredPassword.MAX_PASSWORD_BYTES;
            byte[] digest = verified.enabled() && !tooLong ? verified.digest(user == null ? "" : user, secret) : null;
            String tag = entry == null ? null : tags.of(entry);
            if (digest != null && entry != null && verified.isVerified(entry.name(), digest, tag)) {
                // The right password, verified lately against this very line: no permit, no dummy.
                return Optional.of(new Account(entry.name(), tag));
            }
            boolean ok = checks.check(entry, secret, tooLong, table.padding());
            if (!ok) return Optional.empty();
            if (digest != null) verified.remember(entry.name(), digest, tag);
            return Optional.of(new Account(entry.name(), tag));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Re-reads the file first if it changed. False when the user is no longer in it, or when the
     * account carries a credential tag (accounts from {@link #authenticate} do) and the user's password
     * field changed since. An account without a tag (one a SASL mechanism or APOP made) is checked for
     * existence only. If the file cannot be read now, the last good contents decide, as for logins.
     */
    @Override
    public boolean isStillValid(Account account) {
        Objects.requireNonNull(account, "account");
        refresh();
        UserEntry entry = table.users().get(account.name());
        if (entry == null) return false;
        return account.credentialTag() == null || account.credentialTag().equals(tags.of(entry));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reflects the file as last loaded (re-read first if it changed), so a mechanism appears or goes
     * away with the entries that can serve it.
     */
    @Override
    public Set<SecretKind> secretKinds() {
        refresh();
        return table.secretKinds();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Only for {@code {PLAIN}} (or {@code {CLEAR}}, {@code {CLEARTEXT}}) entries. No timing
     * equalisation: the mechanism must answer an unknown user the way it answers a wrong password.
     */
    @Override
    public Optional<String> plaintextPassword(String user) {
        return entry(user).map(UserEntry::password)
                .flatMap(p -> p instanceof PlainPassword plain ? Optional.of(plain.secret()) : Optional.empty());
    }

    /**
     * {@inheritDoc}
     *
     * <p>From a {@code {SCRAM-SHA-256}} entry as stored; from a {@code {PLAIN}} entry derived with
     * {@value DerivedScramKeys#ITERATIONS} iterations and a salt fixed per user for the life of the
     * process (cached, so repeated logins cost no PBKDF2). Empty for unknown users and for one-way
     * hashes. The mechanism, not this store, must answer an unknown user with a plausible salt (stable
     * per name, 16 bytes), so that the exchange does not show which names exist.
     */
    @Override
    public Optional<ScramCredential> scramSha256(String user) {
        Optional<UserEntry> entry = entry(user);
        if (entry.isEmpty()) return Optional.empty();
        return switch (entry.get().password()) {
            case ScramSha256Hash scram -> Optional.of(scram.credential());
            case PlainPassword plain -> Optional.of(derived.get(entry.get().name(), plain));
            default -> Optional.empty();
        };
    }

    private Optional<UserEntry> entry(String user) {
        refresh();
        return user == null ? Optional.empty() : Optional.ofNullable(table.users().get(user));
    }

    /** The cache of keys derived from plaintext passwords; for tests. */
    DerivedScramKeys derived() {
        return derived;
    }

    /** How many dummy checks ran; lets tests see the equalising path taken. */
    long dummyChecks() {
        return checks.dummyChecks();
    }

    /** How many logins took the full check (under a permit); lets tests see the cache answer instead. */
    long passwordChecks() {
        return checks.passwordChecks();
    }

    /** The cache of verified passwords; for tests. */
    VerifiedLogins verified() {
        return verified;
    }

    /** What unknown names are checked against now; for tests. */
    StoredPassword padding() {
        refresh();
        return checks.padding(table.padding());
    }

    /** The dummy hash, for tests to see its costs. */
    StoredPassword dummy() {
        return checks.dummy();
    }

    /** Re-reads the file if it changed; on failure keeps the last good contents and warns once. */
    private void refresh() {
        FileStamp now;
        try {
            now = FileStamp.of(path);
        } catch (IOException e) {
            if (statFailing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "{0}; keeping the last good contents ({1} users)",
                        UsersFileIo.describe(path, e), Integer.toString(table.users().size()));
            }
            return;
        }
        if (statFailing.compareAndSet(true, false)) LOG.log(Level.INFO, "users file {0} is back", path);
        if (now.equals(table.stamp())) return;
        // One reload at a time; meanwhile the other sessions go on with the current table instead of
        // queueing behind the file read.
        if (!reloadLock.tryLock()) return;
        try {
            if (now.equals(table.stamp())) return;
            try {
                table = UserTable.load(path, now);
                // Keys derived from the old passwords must not outlive them, nor must verified logins.
                // A check that ran on the old table and remembers its success after this is harmless:
                // the hit also needs the tag of the user's line in the new table.
                derived.clear();
                verified.clear();
                failedStamp = null;
                LOG.log(Level.INFO, "users file {0} reloaded: {1} users", path, Integer.toString(table.users().size()));
            } catch (IOException e) {
                if (!now.equals(failedStamp)) {
                    failedStamp = now;
                    LOG.log(Level.WARNING, "{0}; keeping the last good contents ({1} users)",
                            UsersFileIo.describe(path, e), Integer.toString(table.users().size()));
                }
            }
        } finally {
            reloadLock.unlock();
        }
    }
}
