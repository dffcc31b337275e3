// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LIST and UIDL (RFC 1939 sections 5 and 7), single-line and multi-line, with the listing faults:
 * lying sizes, extra lines (out-of-range or repeated numbers), several spaces after the number.
 * Stateless; called on the session's thread.
 */
final class Listings {
    private Listings() {}

    static void list(ScriptedSession s, String arg) throws IOException {
        listing(s, arg, "LIST", n -> String.valueOf(size(s, n)));
    }

    static void uidl(ScriptedSession s, String arg) throws IOException {
        listing(s, arg, "UIDL", n -> s.drop().get(n - 1).uid());
    }

    private interface Value {
        String of(int n);
    }

    private static void listing(ScriptedSession s, String arg, String verb, Value value) throws IOException {
        String sep = s.config().find(Fault.ListingSpaces.class).map(f -> " ".repeat(f.spaces())).orElse(" ");
        if (!arg.isBlank()) {
            int n = s.number(arg);
            if (n > 0) s.status("+OK " + n + sep + value.of(n));
            return;
        }
        List<byte[]> lines = new ArrayList<>();
        for (int n = 1; n <= s.drop().size(); n++) {
            if (!s.deleted()[n - 1]) lines.add((n + sep + value.of(n)).getBytes(StandardCharsets.UTF_8));
        }
        for (Fault.ExtraListingLine f : s.config().all(Fault.ExtraListingLine.class)) {
            if (f.verb().equalsIgnoreCase(verb)) lines.add(f.line().getBytes(StandardCharsets.UTF_8));
        }
        s.status("+OK listing follows");
        s.wire().bodyAndDot(Wire.render(lines, s.wire().eol(), true));
    }

    private static long size(ScriptedSession s, int n) {
        for (Fault.ListSize f : s.config().all(Fault.ListSize.class)) {
            if (f.message() == n) return f.claimed();
        }
        return Wire.size(Transfers.lines(s, n));
    }
}
