// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one maildrop of a {@link ScriptedPop3Server}: an ordered list of messages, any unique-ids
 * (spaces and duplicates allowed on purpose). A session sees a snapshot taken at login; deletions
 * reach the mailbox only when a QUIT commits them. Thread-safe: tests may add messages or inspect
 * the state while sessions run.
 */
public final class ScriptedMailbox {

    /**
     * One message. Equality is identity (two messages may share a unique-id and even content), so a
     * test can tell which copy was deleted.
     */
    public static final class Message {
        private final String uid;
        private final byte[] content;

        Message(String uid, byte[] content) {
            this.uid = Objects.requireNonNull(uid);
            this.content = content.clone();
        }

        public String uid() {
            return uid;
        }

        /** The content as given (line ends are normalised only on the wire). */
        public byte[] content() {
            return content.clone();
        }

        byte[] raw() {
            return content;
        }

        @Override
        public String toString() {
            return "Message[" + uid + ", " + content.length + " octets]";
        }
    }

    private final List<Message> messages = new ArrayList<>();
    private final List<Message> deleted = new ArrayList<>();

    ScriptedMailbox() {}

    /** Appends a message (also between sessions, e.g. new mail arriving before the second run). */
    public synchronized Message add(String uid, byte[] content) {
        Message m = new Message(uid, content);
        messages.add(m);
        return m;
    }

    public Message add(String uid, String content) {
        return add(uid, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The messages still in the maildrop, in order. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The unique-ids of {@link #messages()}, in order. */
    public synchronized List<String> uids() {
        return messages.stream().map(Message::uid).toList();
    }

    /** Every message removed by a committed QUIT, in the order of commitment. */
    public synchronized List<Message> deleted() {
        return List.copyOf(deleted);
    }

    /** The unique-ids of {@link #deleted()}. */
    public synchronized List<String> deletedUids() {
        return deleted.stream().map(Message::uid).toList();
    }

    synchronized List<Message> snapshot() {
        return List.copyOf(messages);
    }

    /** Removes the given messages (by identity) as one step: the UPDATE state of RFC 1939 section 6. */
    synchronized void commit(Collection<Message> gone) {
        Set<Message> set = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(gone);
        for (Message m : messages) {
            if (set.contains(m)) deleted.add(m);
        }
        messages.removeIf(set::contains);
    }
}
