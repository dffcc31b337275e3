// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code DIR/manifest.json}: the parameters a data set was made with (under the command line's option
 * names, so a script can compare them with its own), the generator version, and the totals per kind of
 * mailbox. Written last, so a data set whose generation was interrupted has none. Stateless.
 *
 * <pre>
 * {"generator": "poplar bench generate", "generator_version": 1, "poplar_version": "...",
 *  "params": {"seed": 1, "users": 200, "messages": 20, "bigbox-messages": 100000,
 *             "big-message-mb": 200, "idle-users": 10000, "scheme": "PLAIN"},
 *  "kinds": {"user": {"mailboxes": 200, "messages": 4000, "bytes": ..., "wire_bytes": ...}, ...},
 *  "total": {"mailboxes": ..., "messages": ..., "bytes": ..., "wire_bytes": ...}}
 * </pre>
 */
final class Manifest {
    private Manifest() {}

    private static final JsonFactory JSON = new JsonFactory();

    static void write(Path file, DataSet set, Tally tally, String poplarVersion) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("generator", "poplar bench generate");
            g.writeNumberField("generator_version", DataSet.GENERATOR_VERSION);
            if (poplarVersion != null) g.writeStringField("poplar_version", poplarVersion);
            else g.writeNullField("poplar_version");
            g.writeObjectFieldStart("params");
            g.writeNumberField("seed", set.seed());
            g.writeNumberField("users", set.users());
            g.writeNumberField("messages", set.messagesPerUser());
            g.writeNumberField("bigbox-messages", set.bigboxMessages());
            g.writeNumberField("big-message-mb", set.bigMessageMb());
            g.writeNumberField("idle-users", set.idleUsers());
            g.writeStringField("scheme", set.scheme());
            g.writeEndObject();
            g.writeObjectFieldStart("kinds");
            for (DataSet.Kind kind : DataSet.Kind.values()) {
                g.writeFieldName(kind.label());
                totals(g, tally.of(kind));
            }
            g.writeEndObject();
            g.writeFieldName("total");
            totals(g, tally.total());
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void totals(JsonGenerator g, Tally.Totals t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("mailboxes", t.mailboxes);
        g.writeNumberField("messages", t.messages);
        g.writeNumberField("bytes", t.bytes);
        g.writeNumberField("wire_bytes", t.wireBytes);
        g.writeEndObject();
    }
}
