// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl's POP3 support: pop3://host:port/N is RETR N, pop3://host:port/ is LIST, -X runs another
 * command. curl chooses its login method from CAPA (USER/PASS while the server offers no SASL); the
 * password has a space either way. The tests share one server; none of them deletes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurlInteropTest {
    @TempDir static Path dir;
    private Path curl;
    private LoopbackServer server;

    @BeforeAll
    void start() {
        curl = ExternalProcess.requireTool("curl", "curl");
        server = new LoopbackServer();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void retrOfEveryMessageIsByteExact_protocol1EightBitCleanCrlfDotStuffing() throws Exception {
        // One curl run with one URL and one output file per message.
        List<String> args = new ArrayList<>();
        for (Fixture f : Fixtures.all()) {
            args.add(server.pop3Url() + f.number());
            args.add("-o");
            args.add(dir.resolve("msg-" + f.number() + ".eml").toString());
        }
        curl(args);
        for (Fixture f : Fixtures.all()) {
            assertSameBytes(f.wire(), Files.readAllBytes(dir.resolve("msg-" + f.number() + ".eml")),
                    "curl RETR " + f.number() + " (" + f.name() + ")");
        }
    }

    @Test
    void listShowsExactSizes_rfc1939section5() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (Fixture f : Fixtures.all()) expected.append(f.number()).append(' ').append(f.wireSize()).append("\r\n");
        assertEquals(expected.toString(), curl(List.of(server.pop3Url())).stdout());
    }

    @Test
    void uidlListsTheStoreIds_protocol3() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (Fixture f : Fixtures.all()) expected.append(f.number()).append(' ').append(server.uid(f.number())).append("\r\n");
        assertEquals(expected.toString(), curl(List.of("-X", "UIDL", server.pop3Url())).stdout());
    }

    @Test
    void topZeroIsTheHeaderAndTheEmptyLine_rfc1939section7() throws Exception {
        Fixture f = Fixtures.number(2);
        String got = curl(List.of("-X", "TOP " + f.number() + " 0", server.pop3Url())).stdout();
        assertSameBytes(f.top(0), got.getBytes(StandardCharsets.ISO_8859_1), "curl TOP " + f.number() + " 0");
    }

    private ExternalProcess.Result curl(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-s", "--show-error",
                "--user", Fixtures.USER + ":" + Fixtures.PASSWORD));
        command.addAll(args);
        return ExternalProcess.run(dir, Map.of(), command).assertSuccess();
    }
}
