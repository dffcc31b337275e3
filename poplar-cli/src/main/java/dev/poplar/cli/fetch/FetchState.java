// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The per-account memory of {@code poplar fetch}: which unique-ids are durably delivered, when each was
 * first seen, and which have a DELE not yet committed by a QUIT. Not thread-safe: confined to the one
 * thread running the account's fetch loop, and {@link #open} excludes every other process and instance.
 *
 * <p>Files, all beside {@code STATE}: the snapshot {@code STATE} ({@link StateFile}), the journal
 * {@code STATE.journal} ({@link StateJournal}), the lock {@code STATE.lock} (an fcntl lock held from
 * {@link #open} to {@link #close}; the file itself is never removed, which would let two runs lock
 * different files). The journal is folded into the snapshot at open (after a crash) and at close.
 *
 * <p>The order the fetch loop must keep (research notes §5 "Copy" 3, "Avoid"):
 * deliver → {@link #recordDelivered} → DELE → {@link #markDeletePending} → QUIT → on COMMITTED
 * {@link #confirmDeleted}; at the next start, DELE every {@link #pendingDeletes()} (a lost QUIT reply)
 * and {@link #forget} UIDs no longer on the server. Every mutator is durable when it returns.
 */
public final class FetchState implements AutoCloseable {
    private final Path file;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final SortedMap<String, UidRecord> uids;
    private StateJournal journal;
    /** Open delivery intents: UID → when the intent was written. Kept in the journal across snapshots. */
    private final SortedMap<String, Instant> intents;
    private boolean closed;

    private FetchState(Path file, Clock clock, FileChannel lockChannel, SortedMap<String, UidRecord> uids,
            StateJournal journal, SortedMap<String, Instant> intents) {
        this.file = file;
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.uids = uids;
        this.journal = journal;
        this.intents = intents;
    }

    /**
     * Locks the account and loads its state, replaying the journal a crashed run left behind.
     *
     * @param stateFile the account's state file (created at the first close)
     * @return the open state; close it at the end of the run
     * @throws StateLockedException when another run holds the account
     * @throws IOException when the files cannot be read or are damaged
     */
    public static FetchState open(Path stateFile) throws IOException {
        return open(stateFile, Clock.systemUTC());
    }

    static FetchState open(Path stateFile, Clock clock) throws IOException {
        Path file = stateFile.toAbsolutePath();
        Path lockFile = sibling(file, ".lock");
        FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                throw new StateLockedException("another poplar fetch is running for this account (lock held on "
                        + lockFile + ")");
            }
            SortedMap<String, UidRecord> uids = StateFile.read(file);
            Path journalFile = sibling(file, ".journal");
            List<StateJournal.Entry> replay = StateJournal.read(journalFile);
            SortedMap<String, Instant> intents = new java.util.TreeMap<>();
            for (StateJournal.Entry e : replay) {
                StateJournal.apply(uids, e);
                trackIntent(intents, e);
            }
            StateJournal journal = StateJournal.open(journalFile);
            try {
                if (!replay.isEmpty()) StateFile.write(file, uids);
                // Also drops a torn last record, so no new record is ever appended after one.
                if (intents.isEmpty()) journal.clear();
                else journal = journal.replaceWith(intentEntries(intents));
            } catch (IOException e) {
                journal.close();
                throw e;
            }
            return new FetchState(file, clock, lockChannel, uids, journal, intents);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    private static void trackIntent(SortedMap<String, Instant> intents, StateJournal.Entry e) {
        switch (e.op()) {
            case INTENT -> intents.put(e.uid(), e.at());
            case DELIVERED, ABANDONED -> intents.remove(e.uid());
            default -> { }
        }
    }

    private static List<StateJournal.Entry> intentEntries(SortedMap<String, Instant> intents) {
        List<StateJournal.Entry> entries = new ArrayList<>();
        intents.forEach((uid, at) -> entries.add(new StateJournal.Entry(StateJournal.Op.INTENT, uid, at)));
        return entries;
    }

    /**
     * Records, durably, that the message is about to be handed to the destination. A crash before
     * {@link #recordDelivered} or {@link #abandonIntent} leaves it in {@link #openIntents()} for the next run.
     */
    public void recordIntent(String uid) throws IOException {
        Objects.requireNonNull(uid, "uid");
        UidCodec.encode(uid);
        change(List.of(uid), StateJournal.Op.INTENT);
    }

    /** Closes an intent whose delivery did not happen (the destination refused it and kept nothing). */
    public void abandonIntent(String uid) throws IOException {
        if (intents.containsKey(uid)) change(List.of(uid), StateJournal.Op.ABANDONED);
    }

    /** @return the unique-ids whose delivery was started by a run that did not finish it (a crash) */
    public Set<String> openIntents() {
        return Collections.unmodifiableSet(new TreeSet<>(intents.keySet()));
    }

    /**
     * Test support: records {@code uid} as delivered with the given first-seen time, as an old run would
     * have. Package-private; not used by the fetch loop.
     */
    void recordDeliveredAt(String uid, Instant firstSeen) throws IOException {
        ensureOpen();
        List<StateJournal.Entry> entries = List.of(new StateJournal.Entry(StateJournal.Op.DELIVERED, uid,
                Instant.ofEpochSecond(firstSeen.getEpochSecond())));
        journal.append(entries);
        entries.forEach(e -> StateJournal.apply(uids, e));
    }

    /** @return whether this unique-id was delivered (and not forgotten since) */
    public boolean isDelivered(String uid) {
        return uids.containsKey(Objects.requireNonNull(uid, "uid"));
    }

    /** @return when the unique-id was first delivered, if it was */
    public Optional<Instant> firstSeen(String uid) {
        return Optional.ofNullable(uids.get(uid)).map(UidRecord::firstSeen);
    }

    /**
     * Records a delivered message, durably (journal fsync) before returning. Call it after the
     * destination returned and before any DELE for the message is sent.
     *
     * @throws IOException when it could not be made durable: then the fetch loop must stop without
     *     deleting the message (it may be delivered again next run: a duplicate, not a loss)
     */
    public void recordDelivered(String uid) throws IOException {
        Objects.requireNonNull(uid, "uid");
        UidCodec.encode(uid); // refuse an unstorable UID before it is acknowledged
        change(List.of(uid), StateJournal.Op.DELIVERED);
    }

    /** Marks delivered unique-ids whose DELE was sent, durably. Unknown ones are refused. */
    public void markDeletePending(Collection<String> deleted) throws IOException {
        for (String uid : deleted) {
            if (!uids.containsKey(uid)) throw new IllegalArgumentException("delete of an undelivered unique-id: " + uid);
        }
        change(deleted, StateJournal.Op.PENDING);
    }

    /** Clears the pending mark after QUIT was COMMITTED; the UIDs stay known until {@link #forget}. */
    public void confirmDeleted(Collection<String> deleted) throws IOException {
        change(deleted.stream().filter(uids::containsKey).toList(), StateJournal.Op.DELETED);
    }

    /** @return unique-ids whose DELE may not have been committed: DELE them (again) at the next session */
    public Set<String> pendingDeletes() {
        Set<String> pending = new TreeSet<>();
        uids.forEach((uid, r) -> {
            if (r.deletePending()) pending.add(uid);
        });
        return Collections.unmodifiableSet(pending);
    }

    /** Drops unique-ids no longer on the server, so the state stays as small as the mailbox. */
    public void forget(Collection<String> goneFromServer) throws IOException {
        change(goneFromServer.stream().filter(uids::containsKey).toList(), StateJournal.Op.FORGET);
    }

    /** @return all known unique-ids, sorted */
    public Set<String> deliveredUids() {
        return Collections.unmodifiableSet(new TreeSet<>(uids.keySet()));
    }

    /** Folds the journal into a new snapshot (temp, fsync, rename, directory fsync), then empties it. */
    public void checkpoint() throws IOException {
        ensureOpen();
        StateFile.write(file, uids);
        if (intents.isEmpty()) journal.clear();
        else journal = journal.replaceWith(intentEntries(intents));
    }

    /** Checkpoints and releases the account lock. The lock is released even when the checkpoint fails. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            checkpoint();
        } finally {
            closed = true;
            try {
                journal.close();
            } finally {
                lockChannel.close();
            }
        }
    }

    private void change(Collection<String> changed, StateJournal.Op op) throws IOException {
        ensureOpen();
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        List<StateJournal.Entry> entries = new ArrayList<>(changed.size());
        for (String uid : changed) entries.add(new StateJournal.Entry(op, uid, now));
        journal.append(entries);
        // Only after the fsync: memory never claims more than the disk holds.
        entries.forEach(e -> {
            StateJournal.apply(uids, e);
            trackIntent(intents, e);
        });
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("state closed");
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
