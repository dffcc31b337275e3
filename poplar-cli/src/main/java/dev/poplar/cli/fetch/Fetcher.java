// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import dev.poplar.client.Pop3Client;
import dev.poplar.client.QuitOutcome;
import dev.poplar.client.UidEntry;
import dev.poplar.client.UidListing;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

    /** What the run may do. {@code keep}: leave mail on the server; {@code dryRun}: only say what it would fetch. */
    public record Options(boolean keep, boolean dryRun) {}

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

    public Fetcher(Pop3Client client, FetchState state, Destination destination, Spool spool, PrintWriter out) {
        this.client = client;
        this.state = state;
        this.destination = destination;
        this.spool = spool;
        this.out = out;
    }

    /** Runs once; an {@link IOException} means the connection failed (what was delivered stays recorded). */
    public Result run(Options options) throws IOException {
        UidListing listing = client.uidl();
        Set<String> onServer = new HashSet<>();
        for (UidEntry e : listing.entries()) onServer.add(e.uid());
        // Two messages under one id cannot be told apart, so neither is fetched (getmail's rule).
        int skipped = 0;
        for (String dup : listing.duplicates()) {
            out.println("poplar fetch: warning: the server lists unique-id " + printable(dup) + " more than once; skipping it");
        }
        List<String> deleted = new ArrayList<>();
        if (!options.keep() && !options.dryRun()) deletePending(listing, deleted);
        int fetched = 0;
        long octets = 0;
        DeliveryException failure = null;
        for (UidEntry e : listing.entries()) {
            if (listing.duplicates().contains(e.uid())) {
                skipped++;
                continue;
            }
            if (state.isDelivered(e.uid())) continue;
            if (options.dryRun()) {
                out.println("would fetch message " + e.number() + " (" + printable(e.uid()) + ")");
                continue;
            }
            try {
                octets += fetchOne(e);
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
        if (!options.dryRun()) {
            List<String> gone = new ArrayList<>();
            for (String uid : state.deliveredUids()) if (!onServer.contains(uid)) gone.add(uid);
            state.forget(gone);
        }
        QuitOutcome quit = client.quit();
        // Only a committed QUIT removed anything (RFC 1939 §6); otherwise the next run deletes them.
        if (quit == QuitOutcome.COMMITTED && !deleted.isEmpty()) state.confirmDeleted(deleted);
        return new Result(fetched, octets, quit == QuitOutcome.COMMITTED ? deleted.size() : 0, skipped, quit, failure);
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
            destination.deliver(complete, new MessageMeta(e.uid(), "", Instant.now())); // "": sender unknown (POP3 has no envelope)
            state.recordDelivered(e.uid()); // durable before any DELE is sent
            return size;
        }
    }

    private static String printable(String uid) {
        StringBuilder sb = new StringBuilder();
        for (char c : uid.toCharArray()) sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        return sb.toString();
    }
}
