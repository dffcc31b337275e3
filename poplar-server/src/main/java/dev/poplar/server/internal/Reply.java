// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.StatusLine;
import java.io.InputStream;
import java.util.List;

/** What a handler answers; only {@link ReplyWriter} turns it into bytes. Immutable. */
sealed interface Reply {

    /** A single-line reply. */
    record Single(StatusLine first) implements Reply {}

    /** A multi-line reply made of lines the server wrote itself (CAPA, LIST, UIDL). */
    record Listing(StatusLine first, List<String> lines) implements Reply {}

    /**
     * A multi-line reply that streams a message (RETR, or TOP when {@code topLines >= 0}). The writer
     * closes {@code content}.
     */
    record Body(StatusLine first, InputStream content, long topLines) implements Reply {}

    /** RFC 5034 §4: a SASL challenge line, {@code + base64}. */
    record Continuation(String base64) implements Reply {}

    static Reply ok(String text) {
        return new Single(StatusLine.ok(text));
    }

    static Reply err(String text) {
        return new Single(StatusLine.err(text));
    }
}
