// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.FixtureContent.ascii;

import dev.poplar.testing.InMemoryStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages every interop client must read back exactly, in delivery order: message number i + 1
 * of a fresh session is {@code all().get(i)}. One user, whose password contains a space
 * (protocol.md §2: the PASS argument is the rest of the line).
 */
final class Fixtures {
    static final String USER = "alice";
    static final String PASSWORD = "s3cret pass";

    private static final List<Fixture> ALL = build();

    private Fixtures() {}

    static List<Fixture> all() {
        return ALL;
    }

    static Fixture number(int messageNumber) {
        return ALL.get(messageNumber - 1);
    }

    /** A fresh store holding the user and every fixture, in order. */
    static InMemoryStore store() {
        InMemoryStore store = new InMemoryStore().addUser(USER, PASSWORD);
        for (Fixture f : ALL) store.deliver(USER, f.stored());
        return store;
    }

    private static List<Fixture> build() {
        List<Fixture> list = new ArrayList<>();
        add(list, "plain", ascii("From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: plain\r\n"
                + "Message-ID: <plain@example.org>\r\n\r\nHello Alice,\r\n\r\nthis is plain text.\r\n-- \r\nBob\r\n"));
        // RFC 1939 §3: a line that is exactly "." and lines that begin with "." are stuffed on the wire.
        add(list, "dots", ascii("From: bob@example.org\r\nSubject: dots\r\n\r\n.\r\n..\r\n...\r\n.leading\r\n"
                + "..two leading\r\n. space\r\nmiddle . dot\r\n.\r\n"));
        // protocol.md §1: a store that keeps LF is served as CRLF.
        add(list, "bare-lf", ascii("From: bob@example.org\nSubject: bare LF\n\nline one\n\n.\nline three\n"));
        // protocol.md §1: a last line without a line end gets one.
        add(list, "no-final-newline", ascii("From: bob@example.org\r\nSubject: no final newline\r\n\r\n"
                + "first line\r\nthe last line has no line end"));
        add(list, "8bit", FixtureContent.eightBit());
        add(list, "multipart", FixtureContent.multipart());
        // protocol.md §1: a CR not followed by LF is message data, not a line end.
        add(list, "lone-cr", ascii("From: bob@example.org\r\nSubject: lone CR\r\n\r\nbefore\rafter, same line\r\nend\r\n"));
        add(list, "empty-body", ascii("From: bob@example.org\r\nTo: alice@example.org\r\nSubject: empty body\r\n\r\n"));
        add(list, "large", FixtureContent.large());
        return List.copyOf(list);
    }

    private static void add(List<Fixture> list, String name, byte[] stored) {
        list.add(new Fixture(list.size() + 1, name, stored));
    }
}
