// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.server.spi.MessageInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The messages of one session, numbered 1..n when the session began, and which of them are flagged for
 * deletion. Numbers, sizes and unique-ids never change during the session (RFC 1939 §4, protocol.md
 * §2). Used by one session thread only.
 */
final class Snapshot {
    private final List<MessageInfo> messages;
    private final boolean[] deleted;
    private final boolean[] uidSendable;
    private int deletedCount;
    private long deletedOctets;
    private final long totalOctets;

    Snapshot(List<MessageInfo> listed) {
        this.messages = List.copyOf(listed);
        this.deleted = new boolean[messages.size()];
        this.uidSendable = new boolean[messages.size()];
        long total = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            MessageInfo m = messages.get(i);
            total += m.size();
            // protocol.md §3: an id that breaks the rules, or one listed twice, is a store fault; it is
            // never sent (the UIDL command answers [SYS/PERM] for it instead).
            uidSendable[i] = m.hasValidUid() && seen.add(m.uid());
        }
        this.totalOctets = total;
    }

    /** Messages not flagged for deletion (STAT, RFC 1939 §5). */
    int count() {
        return messages.size() - deletedCount;
    }

    /** Octets of the messages not flagged for deletion. */
    long octets() {
        return totalOctets - deletedOctets;
    }

    /** Highest message number of the session. */
    int size() {
        return messages.size();
    }

    /** Whether {@code n} names a message of this session (1..n). */
    boolean exists(long n) {
        return n >= 1 && n <= messages.size();
    }

    MessageInfo get(long n) {
        return messages.get((int) n - 1);
    }

    boolean isDeleted(long n) {
        return deleted[(int) n - 1];
    }

    boolean isUidSendable(long n) {
        return uidSendable[(int) n - 1];
    }

    void delete(long n) {
        int i = (int) n - 1;
        if (!deleted[i]) {
            deleted[i] = true;
            deletedCount++;
            deletedOctets += messages.get(i).size();
        }
    }

    /** RSET (RFC 1939 §5): every flag is cleared. */
    void reset() {
        java.util.Arrays.fill(deleted, false);
        deletedCount = 0;
        deletedOctets = 0;
    }

    List<MessageInfo> flagged() {
        List<MessageInfo> out = new ArrayList<>(deletedCount);
        for (int i = 0; i < deleted.length; i++) {
            if (deleted[i]) out.add(messages.get(i));
        }
        return out;
    }
}
