// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one scenario run: a table for people and one JSON object per line for scripts, shaped
 * {@code {"scenario", "label", "time", "params": {...}, "metrics": {name: number}}}. Metric names say
 * their unit and so which way is better: {@code _per_s} and {@code _mb_s} higher; {@code _ms},
 * {@code _s}, {@code _kb} and {@code _mb} lower; {@code _pct} and plain counts neither.
 */
final class Report {
    private static final JsonFactory JSON = new JsonFactory();

    final String scenario;
    final String label;
    final Map<String, Object> params = new LinkedHashMap<>();
    final Map<String, Number> metrics = new LinkedHashMap<>();

    Report(String scenario, String label) {
        this.scenario = scenario;
        this.label = label;
    }

    /** Prints the table, then appends the JSON line to {@code json} ('-' is standard output) if given. */
    void emit(PrintWriter out, Path json) throws IOException {
        out.printf("%s on %s %s%n", scenario, label, params);
        int width = metrics.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (var m : metrics.entrySet()) out.printf("  %-" + width + "s  %s%n", m.getKey(), format(m.getValue()));
        out.flush();
        if (json == null) return;
        byte[] line = toJson();
        if (json.toString().equals("-")) {
            out.println(new String(line, StandardCharsets.UTF_8).strip());
            out.flush();
        } else {
            Files.write(json, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
    }

    private static String format(Number n) {
        if (n instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        return n.toString();
    }

    byte[] toJson() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("scenario", scenario);
            g.writeStringField("label", label);
            g.writeStringField("time", Instant.now().toString());
            g.writeObjectFieldStart("params");
            for (var p : params.entrySet()) {
                if (p.getValue() instanceof Number n) writeNumber(g, p.getKey(), n);
                else g.writeStringField(p.getKey(), String.valueOf(p.getValue()));
            }
            g.writeEndObject();
            g.writeObjectFieldStart("metrics");
            for (var m : metrics.entrySet()) writeNumber(g, m.getKey(), m.getValue());
            g.writeEndObject();
            g.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void writeNumber(JsonGenerator g, String name, Number n) throws IOException {
        if (n instanceof Double || n instanceof Float) g.writeNumberField(name, n.doubleValue());
        else g.writeNumberField(name, n.longValue());
    }
}
