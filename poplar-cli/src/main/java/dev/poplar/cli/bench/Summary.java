// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The lines {@code poplar bench generate} prints when done. Stateless. */
final class Summary {
    private Summary() {}

    static void print(PrintWriter out, Path dir, DataSet set, Tally tally, long nanos) {
        Tally.Totals total = tally.total();
        out.printf(Locale.ROOT, "poplar bench generate: wrote %s in %.1f s (seed %d, users file %s)%n",
                dir, nanos / 1e9, set.seed(), set.scheme());
        out.printf(Locale.ROOT, "  %-10s %10s %10s %12s%n", "kind", "mailboxes", "messages", "MiB");
        for (DataSet.Kind kind : DataSet.Kind.values()) row(out, kind.label(), tally.of(kind));
        row(out, "total", total);
        out.printf(Locale.ROOT, "  %.0f MiB/s, %.0f messages/s%n",
                total.bytes / 1048576.0 / (nanos / 1e9), total.messages / (nanos / 1e9));
        out.flush();
    }

    private static void row(PrintWriter out, String label, Tally.Totals t) {
        out.printf(Locale.ROOT, "  %-10s %10d %10d %12.1f%n", label, t.mailboxes, t.messages, t.bytes / 1048576.0);
    }
}
