// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.util.EnumMap;
import java.util.Map;

/**
 * What was written, per kind of mailbox. Not thread-safe: each task of the generator fills its own,
 * and the results are {@link #add}ed together on one thread.
 */
final class Tally {
    /** Totals of one kind: mailboxes, messages, file bytes and RFC 1939 (CRLF) bytes. */
    static final class Totals {
        long mailboxes;
        long messages;
        long bytes;
        long wireBytes;
    }

    private final Map<DataSet.Kind, Totals> byKind = new EnumMap<>(DataSet.Kind.class);

    Tally() {
        for (DataSet.Kind k : DataSet.Kind.values()) byKind.put(k, new Totals());
    }

    void mailbox(DataSet.Kind kind) {
        byKind.get(kind).mailboxes++;
    }

    void message(DataSet.Kind kind, MaildirWriter.Sizes sizes) {
        Totals t = byKind.get(kind);
        t.messages++;
        t.bytes += sizes.bytes();
        t.wireBytes += sizes.wireBytes();
    }

    void add(Tally other) {
        for (var e : other.byKind.entrySet()) {
            Totals t = byKind.get(e.getKey());
            t.mailboxes += e.getValue().mailboxes;
            t.messages += e.getValue().messages;
            t.bytes += e.getValue().bytes;
            t.wireBytes += e.getValue().wireBytes;
        }
    }

    Totals of(DataSet.Kind kind) {
        return byKind.get(kind);
    }

    /** The sum over all kinds. */
    Totals total() {
        Totals sum = new Totals();
        for (Totals t : byKind.values()) {
            sum.mailboxes += t.mailboxes;
            sum.messages += t.messages;
            sum.bytes += t.bytes;
            sum.wireBytes += t.wireBytes;
        }
        return sum;
    }
}
