// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import dev.poplar.testing.InMemoryConnection;
import dev.poplar.testing.InMemoryStore;
import dev.poplar.testing.Transcript;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transcript in {@code src/test/resources/transcripts} (each names the rule it checks in its
 * first comment) is played twice: over in-memory pipes and over a loopback socket.
 */
@Timeout(30)
class TranscriptTest {
    static final List<String> TRANSCRIPTS = List.of("rfc1939-session", "dot-stuffing", "authorization",
            "quit-before-login", "error-budget-before-login", "error-budget-reset", "error-budget-after-login",
            "message-numbers", "http-first-line", "pipelining", "bare-lf-commands", "utf8-lang", "stls-unavailable", "uid-param", "deli", "slee-wake", "qaut");

    static Stream<Arguments> cases() {
        return TRANSCRIPTS.stream().flatMap(t -> Stream.of(Arguments.of(t, "in-memory"), Arguments.of(t, "loopback")));
    }

    static Transcript load(String name) throws IOException {
        try (InputStream in = TranscriptTest.class.getResourceAsStream("/transcripts/" + name + ".txt")) {
            if (in == null) throw new IOException("no transcript " + name);
            return Transcript.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void transcript(String name, String transport) throws Exception {
        Transcript transcript = load(name);
        InMemoryStore store = Fixture.store();
        try (Pop3Server server = Fixture.server(store)) {
            if (transport.equals("in-memory")) {
                try (InMemoryConnection c = InMemoryConnection.open(server)) {
                    transcript.run(c.in(), c.out());
                }
            } else {
                try (Socket s = Fixture.connect(server)) {
                    transcript.run(s.getInputStream(), s.getOutputStream());
                }
            }
        }
    }
}
