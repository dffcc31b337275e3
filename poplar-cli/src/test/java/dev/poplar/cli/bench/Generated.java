// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import dev.poplar.cli.PoplarTool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Runs {@code poplar bench generate} in-process, and lists what it wrote. */
record Generated(int status, String out, String err) {

    /** The small data set the tests use, plus any extra arguments. */
    static Generated small(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("bench", "generate", "--out", dir.toString(), "--users", "3",
                "--messages", "6", "--bigbox-messages", "50", "--big-message-mb", "1", "--idle-users", "3"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    static Generated run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new PoplarTool().run(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]), args);
        return new Generated(status, out.toString(), err.toString());
    }

    /** Every regular file under {@code dir}, as sorted relative paths with '/'. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
