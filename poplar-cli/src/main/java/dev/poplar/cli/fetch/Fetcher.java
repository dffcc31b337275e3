// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import dev.poplar.client.MessageSize;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.Pop3Exception;
import dev.poplar.client.QuitOutcome;
import dev.poplar.client.UidEntry;
import dev.poplar.client.UidListing;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One fetch run over a logged-in session: the loop that never loses and never doubles a message
 * (client-anchors.md §5, "save before you delete"). Per message: RETR into a spool file, and only once
 * the end marker arrived hand it to the destination; once the destination has it durably, record the
 * unique-id durably; only then DELE (deletions are marked pending first, so a lost QUIT reply is
 * finished by the next run without fetching anything again). Used by one thread.
 */
public final class Fetcher {

    /**
     * What the run may do. {@code keep}: leave mail on the server; {@code dryRun}: only say what it would
     * fetch; {@code deleteAfterDays}: with {@code keep}, DELE a delivered message once this many days
     * have passed since it was first seen (negative: never).
     */
    public record Options(boolean keep, boolean dryRun, int deleteAfterDays) {
        public Options(boolean keep, boolean dryRun) {
            this(keep, dryRun, -1);
        }
    }

    /**
     * Test support only: {@code -Dpoplar.fetch.test.killAfterDelivery=N} halts the JVM with status 137
     * right after the N-th delivery of a run and before its state write, as a {@code kill -9} would.
     * Never set it in production.
     */
    static final String KILL_AFTER_DELIVERY_PROPERTY = "poplar.fetch.test.killAfterDelivery";

    /** Prefix of the synthetic unique-ids made for servers without UIDL. */
    static final String DIGEST_PREFIX = "poplar-digest:";

    /**
     * What happened. {@code deliveryFailure} is the failure that stopped the run early (the deletions of
     * what was delivered before it are still committed), or null.
     */
    public record Result(int fetched, long octets, int deleted, int skippedDuplicates, QuitOutcome quit,
                         DeliveryException deliveryFailure) {}

    private final Pop3Client client;
    private final FetchState state;
    private final Destination destination;
    private final Spool spool;
    private final PrintWriter out;
    private final String account;
    private final int killAfterDelivery = Integer.getInteger(KILL_AFTER_DELIVERY_PROPERTY, -1);
    private Clock clock = Clock.systemUTC();
    private int deliveries;
    private Progress progress = Progress.NONE;

    public Fetcher(Pop3Client client, FetchState state, Destination destination, Spool spool, PrintWriter out) {
        this(client, state, destination, spool, out, "");
    }

    /** @param account {@code user@host}: with the unique-id it names a message stably ({@link MessageMeta#deliveryTag()}) */
    public Fetcher(Pop3Client client, FetchState state, Destination destination, Spool spool, PrintWriter out, String account) {
        this.client = client;
        this.state = state;
        this.destination = destination;
        this.spool = spool;
        this.out = out;
        this.account = account;
    }

    /** Reports each fetched message to {@code p} (default: nowhere). */
    public Fetcher progress(Progress p) { this.progress = p; return this; }

    /** Test support: the clock for delete-after-days. */
    Fetcher clock(Clock c) {
        this.clock = c;
        return this;
    }

    /** What a run did, and whether its connection is now asleep (SLEE; may be woken) or closed. */
    public record Outcome(Result result, boolean asleep) {}

    /** Runs once, ending with QUIT; an {@link IOException} means the connection failed (what was delivered stays recorded). */
    public Result run(Options options) throws IOException {
        return run(options, false).result();
    }

    /**
     * Runs once, ending with SLEE when {@code sleepAfter} (for {@code --watch}; the server must offer
     * SLEE-WAKE) and with QUIT otherwise. SLEE commits like QUIT (protocol.md §7); a refused SLEE
     * (nothing committed) falls back to QUIT.
     */
    public Outcome run(Options options, boolean sleepAfter) throws IOException {
        UidListing listing = listing();
        if (!options.dryRun()) resolveIntents();
        Set<String> onServer = new HashSet<>();
        for (UidEntry e : listing.entries()) onServer.add(e.uid());
        // Two messages under one id cannot be told apart, so neither is fetched (getmail's rule).
        int skipped = 0;
        for (String dup : listing.duplicates()) {
            out.println("poplar fetch: warning: the server lists unique-id " + printable(dup) + " more than once; skipping it");
        }
        List<String> deleted = new ArrayList<>();
        if (!options.dryRun() && (!options.keep() || options.deleteAfterDays() >= 0)) deletePending(listing, deleted);
        Set<String> alreadyDeleted = new HashSet<>(deleted);
        int fetched = 0;
        long octets = 0;
        DeliveryException failure = null;
        int todo = 0;
        for (UidEntry e : listing.entries()) if (!listing.duplicates().contains(e.uid()) && !state.isDelivered(e.uid())) todo++;
        if (!options.dryRun()) progress.start(todo, -1);
        for (UidEntry e : listing.entries()) {
            if (listing.duplicates().contains(e.uid())) {
                skipped++;
                continue;
            }
            if (state.isDelivered(e.uid())) {
                // Delivered earlier but still here: a run stopped before its DELE (delete mode), or
                // its days are up (--delete-after-days). Pending ones were DELE'd above already.
                boolean due = options.keep() ? expired(e.uid(), options.deleteAfterDays()) : !alreadyDeleted.contains(e.uid());
                if (!options.dryRun() && due) {
                    state.markDeletePending(List.of(e.uid()));
                    client.delete(e.number());
                    deleted.add(e.uid());
                }
                continue;
            }
            if (options.dryRun()) {
                out.println("would fetch message " + e.number() + " (" + printable(e.uid()) + ")");
                continue;
            }
            try {
                long size = fetchOne(e);
                progress.message(size);
                octets += size;
            } catch (DeliveryException d) {
                failure = d; // stop, but still commit the deletions of what was delivered
                break;
            }
            fetched++;
            if (!options.keep()) {
                state.markDeletePending(List.of(e.uid()));
                client.delete(e.number());
                deleted.add(e.uid());
            }
        }
        progress.finish();
        if (!options.dryRun()) {
            List<String> gone = new ArrayList<>();
            for (String uid : state.deliveredUids()) if (!onServer.contains(uid)) gone.add(uid);
            state.forget(gone);
        }
        boolean asleep = false;
        QuitOutcome quit;
        if (!sleepAfter) {
            quit = client.quit();
        } else {
            try {
                client.sleep();
                quit = QuitOutcome.COMMITTED;
                asleep = true;
            } catch (Pop3Exception refused) {
                // SLEE refused: nothing was committed (protocol.md §7), so log out with QUIT instead.
                out.println("poplar fetch: the server refused SLEE (" + refused.getMessage() + "); logging out instead");
                quit = client.quit();
            } catch (IOException lost) {
                client.close();
                quit = QuitOutcome.UNKNOWN;
            }
        }
        // Only a committed QUIT or SLEE removed anything (RFC 1939 §6, protocol.md §7); otherwise the
        // next run deletes them.
        if (quit == QuitOutcome.COMMITTED && !deleted.isEmpty()) state.confirmDeleted(deleted);
        return new Outcome(new Result(fetched, octets, quit == QuitOutcome.COMMITTED ? deleted.size() : 0, skipped, quit,
                failure), asleep);
    }

    /** DELE what an earlier run delivered but could not confirm deleted (its QUIT reply was lost). */
    private void deletePending(UidListing listing, List<String> deleted) throws IOException {
        Set<String> pending = state.pendingDeletes();
        for (UidEntry e : listing.entries()) {
            if (pending.contains(e.uid()) && !listing.duplicates().contains(e.uid())) {
                client.delete(e.number());
                deleted.add(e.uid());
            }
        }
    }

    /** RETR into a spool file, deliver once complete, record durably; returns the octets. */
    private long fetchOne(UidEntry e) throws IOException, DeliveryException {
        try (SpoolFile file = spool.create()) {
            try (InputStream body = client.retrieve(e.number())) {
                body.transferTo(file.output());
            }
            Path complete = file.complete(); // the end marker arrived: the message is whole
            long size = Files.size(complete);
            state.recordIntent(e.uid()); // a crash from here to recordDelivered is resolved by the next run
            try {
                destination.deliver(complete, meta(e.uid())); // "": sender unknown (POP3 has no envelope)
            } catch (DeliveryException d) {
                // Nothing stayed behind in a Maildir or mbox; an MDA or LMTP server may have kept it anyway.
                state.abandonIntent(e.uid());
                throw d;
            }
            deliveries++;
            if (deliveries == killAfterDelivery) Runtime.getRuntime().halt(137); // test support only
            state.recordDelivered(e.uid()); // durable before any DELE is sent
            return size;
        }
    }

    private MessageMeta meta(String uid) {
        return new MessageMeta(uid, "", Instant.now(), account);
    }

    private boolean expired(String uid, int days) {
        if (days < 0) return false;
        return state.firstSeen(uid)
                .map(seen -> !seen.plus(Duration.ofDays(days)).isAfter(clock.instant()))
                .orElse(false);
    }

    /**
     * Settles deliveries a killed run started but did not record: a destination that can tell
     * (Maildir) says whether the message arrived; otherwise it is fetched again, and may be doubled.
     */
    private void resolveIntents() throws IOException {
        for (String uid : state.openIntents()) {
            Destination.Presence presence = destination.find(meta(uid));
            switch (presence) {
                case DELIVERED -> {
                    out.println("poplar fetch: message " + printable(uid)
                            + " was delivered by an interrupted run; recording it, not fetching it again");
                    state.recordDelivered(uid);
                }
                case ABSENT -> state.abandonIntent(uid);
                case UNKNOWN -> {
                    out.println("poplar fetch: warning: an interrupted run was delivering message " + printable(uid)
                            + "; the destination cannot tell whether it arrived, so it is fetched again"
                            + " and may be delivered twice");
                    state.abandonIntent(uid);
                }
            }
        }
    }

    /**
     * UIDL, or for a server without it a digest of each message's header block plus its size (TOP n 0,
     * or RETR's header when TOP fails too). Weaker: identical header+size collide (both skipped as
     * duplicates), and a message whose headers the server changes looks new.
     */
    private UidListing listing() throws IOException {
        try {
            return client.uidl();
        } catch (Pop3Exception noUidl) {
            out.println("poplar fetch: warning: the server does not support UIDL; messages are identified by a"
                    + " digest of their header block and size, which is weaker (identical headers and size"
                    + " collide; changed headers look new)");
        }
        List<UidEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        boolean topWorks = true;
        for (MessageSize m : client.list()) {
            byte[] header = null;
            if (topWorks) {
                try (InputStream in = client.top(m.number(), 0)) {
                    header = headerBlock(in);
                } catch (Pop3Exception noTop) {
                    topWorks = false;
                }
            }
            if (header == null) {
                try (InputStream in = client.retrieve(m.number())) {
                    header = headerBlock(in);
                }
            }
            String uid = DIGEST_PREFIX + digest(header, m.octets());
            if (!seen.add(uid)) duplicates.add(uid);
            entries.add(new UidEntry(m.number(), uid));
        }
        return new UidListing(entries, duplicates);
    }

    /** Reads the stream to its end (keeping the session in step) and returns the bytes up to the first empty line. */
    private static byte[] headerBlock(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        boolean done = false;
        int last1 = -1;
        int last2 = -1;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n && !done; i++) {
                int b = buf[i] & 0xff;
                header.write(b);
                // LF LF or CRLF CRLF ends the header block
                if (b == '\n' && (last1 == '\n' || (last1 == '\r' && last2 == '\n'))) done = true;
                last2 = last1;
                last1 = b;
                if (header.size() > 1 << 20) done = true; // bound memory on a hostile header
            }
        }
        return header.toByteArray();
    }

    private static String digest(byte[] header, long size) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(header);
            sha.update((" " + size).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private static String printable(String uid) {
        StringBuilder sb = new StringBuilder();
        for (char c : uid.toCharArray()) sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        return sb.toString();
    }
}
