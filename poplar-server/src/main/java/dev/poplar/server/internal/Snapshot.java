// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.server.spi.MessageInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages of one session, numbered 1..n when the session began, and what the session did to them:
 * flagged for deletion (DELE, undone by RSET) or gone (DELI, for good). Numbers, sizes and unique-ids
 * never change during the session (RFC 1939 §4, protocol.md §2); DELI leaves a gap (protocol.md §7).
 * Messages that arrived later and were named by {@code UID:} are kept aside as message 0. Used by one
 * session thread only.
 */
final class Snapshot {
    private enum Mark { LIVE, FLAGGED, GONE }

    private final List<MessageInfo> messages;
    private final Mark[] marks;
    private final boolean[] uidSendable;
    private final Map<String, Integer> indexByUid;
    /** UID-PARAM: messages found by a fresh listing, not numbered in this session (protocol.md §7). */
    private final Map<String, MessageInfo> late = new LinkedHashMap<>();
    private final Map<String, Mark> lateMarks = new HashMap<>();
    private long liveOctets;
    private int liveCount;

    Snapshot(List<MessageInfo> listed) {
        this.messages = List.copyOf(listed);
        this.marks = new Mark[messages.size()];
        this.uidSendable = new boolean[messages.size()];
        this.indexByUid = HashMap.newHashMap(messages.size()); // sized once: 100,000 entries for a big maildrop
        for (int i = 0; i < messages.size(); i++) {
            MessageInfo m = messages.get(i);
            marks[i] = Mark.LIVE;
            liveOctets += m.size();
            // protocol.md §3: an id that breaks the rules, or one listed twice, is a store fault; it is
            // never sent (UIDL answers [SYS/PERM] for it) and UID: cannot name it.
            uidSendable[i] = m.hasValidUid() && indexByUid.putIfAbsent(m.uid(), i) == null;
        }
        liveCount = messages.size();
    }

    /** Messages neither flagged nor gone (STAT, RFC 1939 §5). */
    int count() {
        return liveCount;
    }

    /** Octets of those messages. */
    long octets() {
        return liveOctets;
    }

    /** Highest message number of the session. */
    int size() {
        return messages.size();
    }

    boolean exists(long n) {
        return n >= 1 && n <= messages.size();
    }

    MessageInfo get(long n) {
        return messages.get((int) n - 1);
    }

    /** Flagged by DELE or gone by DELI: such a number may not be named (RFC 1939 §5). */
    boolean isDeleted(long n) {
        return marks[(int) n - 1] != Mark.LIVE;
    }

    boolean isUidSendable(long n) {
        return uidSendable[(int) n - 1];
    }

    /** The number of the message with this unique-id in the snapshot, or 0 if it is not numbered here. */
    long numberOf(String uid) {
        Integer i = indexByUid.get(uid);
        return i == null ? 0 : i + 1;
    }

    /** A late message (UID-PARAM, message 0) by id, or null. */
    MessageInfo late(String uid) {
        return late.get(uid);
    }

    boolean isLateDeleted(String uid) {
        return lateMarks.getOrDefault(uid, Mark.LIVE) != Mark.LIVE;
    }

    /** Remembers a message found by a fresh listing (protocol.md §7: served as message 0). */
    void addLate(MessageInfo m) {
        late.putIfAbsent(m.uid(), m);
    }

    /** DELE (RFC 1939 §5): flag for removal at QUIT. {@code n} 0 means the late message {@code m}. */
    void flag(long n, MessageInfo m) {
        if (n == 0) {
            lateMarks.putIfAbsent(m.uid(), Mark.FLAGGED);
            return;
        }
        int i = (int) n - 1;
        if (marks[i] == Mark.LIVE) {
            marks[i] = Mark.FLAGGED;
            liveCount--;
            liveOctets -= messages.get(i).size();
        }
    }

    /** DELI done: gone for good; RSET does not bring it back and QUIT does not delete it again. */
    void gone(long n, MessageInfo m) {
        if (n == 0) {
            lateMarks.put(m.uid(), Mark.GONE);
            return;
        }
        int i = (int) n - 1;
        if (marks[i] == Mark.LIVE) {
            liveCount--;
            liveOctets -= messages.get(i).size();
        }
        marks[i] = Mark.GONE;
    }

    /** RSET (RFC 1939 §5): every DELE flag is cleared; DELI'd messages stay gone (protocol.md §7). */
    void reset() {
        for (int i = 0; i < marks.length; i++) {
            if (marks[i] == Mark.FLAGGED) {
                marks[i] = Mark.LIVE;
                liveCount++;
                liveOctets += messages.get(i).size();
            }
        }
        lateMarks.values().removeIf(mark -> mark == Mark.FLAGGED);
    }

    /** What QUIT, SLEE and QAUT remove: the flagged messages, never the ones DELI already removed. */
    List<MessageInfo> flagged() {
        List<MessageInfo> out = new ArrayList<>();
        for (int i = 0; i < marks.length; i++) {
            if (marks[i] == Mark.FLAGGED) out.add(messages.get(i));
        }
        lateMarks.forEach((uid, mark) -> {
            if (mark == Mark.FLAGGED) out.add(late.get(uid));
        });
        return out;
    }

    /** Every unique-id this session has seen, for WAKE's ACTIVITY answer. */
    Set<String> uids() {
        Set<String> out = new HashSet<>(indexByUid.keySet());
        out.addAll(late.keySet());
        return out;
    }
}
