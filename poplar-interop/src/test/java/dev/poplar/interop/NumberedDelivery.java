// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The delivery agent that mpop and fetchmail pipe each message to (src/test/resources/interop/
 * deliver_numbered.sh), and what it left: file 001 is the first message delivered, and so on.
 */
final class NumberedDelivery {
    private NumberedDelivery() {}

    /** A shell command line that delivers one message into {@code dir}. */
    static String command(Path dir) {
        return "sh " + quote(ExternalProcess.resource("deliver_numbered.sh")) + " " + quote(dir);
    }

    /** The delivered messages in delivery order, checking that there are exactly {@code expected}. */
    static List<byte[]> read(Path dir, int expected, String context) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertEquals(expected, files.size(), "messages delivered: " + files + "\n" + context);
        List<byte[]> messages = new ArrayList<>();
        for (Path f : files) messages.add(Files.readAllBytes(f));
        return messages;
    }

    /** Single quotes for sh; the paths come from @TempDir and the build, but may hold spaces. */
    private static String quote(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }
}
