// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.popstate;

import dev.poplar.client.UidEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one account's {@code popstate.dat} section from a server's UIDL listing: every message
 * {@code k} (already downloaded, left on the server) except the newest N, which are left out so that
 * Thunderbird fetches them. Stateless.
 */
public final class PopstateRebuild {
    private PopstateRebuild() {}

    /**
     * The result: the section to write and what was noticed on the way.
     *
     * @param account  the new section
     * @param kept     messages marked as already downloaded
     * @param skipped  the newest messages left out
     * @param warnings unique-ids Thunderbird cannot hold whole, or that collide
     */
    public record Result(PopstateAccount account, int kept, int skipped, List<String> warnings) {}

    /**
     * @param listing    the server's UIDL entries (any order: the newest are the highest message numbers)
     * @param previous   the account's section in an existing file, or {@code null}: for a unique-id still
     *                   on the server its flag and time are kept (a pending {@code d} or {@code f} stays)
     * @param skipNewest how many of the newest messages to leave out
     * @param now        the time to record for messages not in {@code previous}, seconds since the epoch
     */
    public static Result build(String host, String user, List<UidEntry> listing, PopstateAccount previous,
            int skipNewest, long now) {
        if (skipNewest < 0) throw new IllegalArgumentException("skipNewest < 0");
        List<UidEntry> ordered = new ArrayList<>(listing);
        ordered.sort(Comparator.comparingInt(UidEntry::number));
        int take = Math.max(0, ordered.size() - skipNewest);
        Map<String, PopstateEntry> old = new LinkedHashMap<>();
        if (previous != null) for (PopstateEntry e : previous.entries()) old.put(e.uid(), e);
        Map<String, PopstateEntry> out = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        java.util.Set<String> skippedUids = new java.util.HashSet<>();
        for (UidEntry u : ordered.subList(take, ordered.size())) skippedUids.add(PopstateFile.thunderbirdUid(u.uid()));
        for (UidEntry u : ordered.subList(0, take)) {
            String uid = PopstateFile.thunderbirdUid(u.uid());
            if (uid.isEmpty()) {
                warnings.add("message " + u.number() + " has an empty unique-id: left out (Thunderbird will fetch it)");
                continue;
            }
            if (!uid.equals(u.uid())) {
                warnings.add("message " + u.number() + ": unique-id [" + u.uid() + "] has spaces; recorded as [" + uid
                        + "], its first word, which is what Thunderbird compares");
            }
            if (skippedUids.contains(uid)) {
                warnings.add("message " + u.number() + ": unique-id " + uid + " is shared with one of the newest messages: left out");
                continue;
            }
            if (out.containsKey(uid)) {
                warnings.add("message " + u.number() + ": unique-id " + uid + " repeats an earlier message's; recorded once");
                continue;
            }
            PopstateEntry before = old.get(uid);
            out.put(uid, before != null ? before : new PopstateEntry(PopstateEntry.KEEP, uid, now));
        }
        return new Result(new PopstateAccount(host, user, new ArrayList<>(out.values())), out.size(),
                ordered.size() - take, warnings);
    }
}
