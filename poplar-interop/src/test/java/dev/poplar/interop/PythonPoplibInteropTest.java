// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Python's standard poplib (USER/PASS, STAT, LIST, UIDL, RETR, TOP) against the server. One session
 * fetches everything; the tests then check what it saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonPoplibInteropTest {
    private static final int TOP_MESSAGE = 6;

    @TempDir static Path dir;
    private LoopbackServer server;
    private Path out;

    @BeforeAll
    void fetchEverything() throws Exception {
        Path python = ExternalProcess.requireTool("python3", "python3");
        server = new LoopbackServer();
        out = Files.createDirectory(dir.resolve("out"));
        ExternalProcess.run(dir, Map.of("POP3_PASSWORD", Fixtures.PASSWORD), List.of(python.toString(),
                ExternalProcess.resource("poplib_fetch.py").toString(), LoopbackServer.HOST,
                Integer.toString(server.port()), Fixtures.USER, out.toString(), Integer.toString(TOP_MESSAGE)))
                .assertSuccess();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void retrDeliversEveryMessageByteExact_protocol1EightBitCleanCrlfDotStuffing() throws Exception {
        // protocol.md §1: bytes as stored, CRLF line ends, final CRLF, dot-stuffing undone by the client.
        for (Fixture f : Fixtures.all()) {
            assertSameBytes(f.wire(), Files.readAllBytes(out.resolve("msg-" + f.number() + ".eml")),
                    "poplib RETR " + f.number() + " (" + f.name() + ")");
        }
    }

    @Test
    void statListAndRetrAgreeOnExactSizes_rfc1939section5() throws Exception {
        // protocol.md §2: sizes are CRLF octets before stuffing; STAT is the sum of LIST; RETR delivers that many.
        List<String> expectedList = new ArrayList<>();
        List<String> expectedRetr = new ArrayList<>();
        long total = 0;
        for (Fixture f : Fixtures.all()) {
            expectedList.add(f.number() + " " + f.wireSize());
            expectedRetr.add(f.number() + " " + f.wire().length);
            total += f.wireSize();
        }
        assertEquals(Fixtures.all().size() + " " + total, Files.readString(out.resolve("stat.txt")).strip(), "STAT");
        assertEquals(expectedList, Files.readAllLines(out.resolve("list.txt")), "LIST");
        assertEquals(expectedRetr, Files.readAllLines(out.resolve("retr.txt")), "octets poplib counted in RETR");
    }

    @Test
    void uidlListsTheStoreIds_protocol3() throws Exception {
        List<String> expected = new ArrayList<>();
        for (Fixture f : Fixtures.all()) expected.add(f.number() + " " + server.uid(f.number()));
        assertEquals(expected, Files.readAllLines(out.resolve("uidl.txt")));
    }

    @Test
    void topZeroIsTheHeaderAndTheEmptyLine_rfc1939section7() throws Exception {
        Fixture f = Fixtures.number(TOP_MESSAGE);
        assertSameBytes(f.top(0), Files.readAllBytes(out.resolve("top-" + TOP_MESSAGE + "-0.eml")),
                "poplib TOP " + TOP_MESSAGE + " 0 (" + f.name() + ")");
    }
}
