// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mpop (Debian package mpop), a POP3 fetcher that remembers what it has by UIDL. It delivers to an
 * MDA with LF line ends (it turns each CRLF into LF and keeps a lone CR; it has no option to keep
 * CRLF), so messages are compared with the wire form after the same CRLF-to-LF step, not byte-exact.
 */
class MpopInteropTest {
    @TempDir Path dir;
    private Path mpop;
    private LoopbackServer server;

    @BeforeEach
    void start() {
        mpop = ExternalProcess.requireTool("mpop", "mpop");
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void fetchesEveryMessage_protocol1LineEndsDotStuffingEightBit_lfNormalised() throws Exception {
        Path out = Files.createDirectory(dir.resolve("out"));
        ExternalProcess.Result r = mpop(out);
        int n = Fixtures.all().size();
        assertTrue(r.stdout().contains("new: " + n + " messages"), "mpop reports " + n + " new messages\n" + r.describe());
        List<byte[]> got = NumberedDelivery.read(out, n, r.describe());
        for (Fixture f : Fixtures.all()) {
            assertSameBytes(f.wireWithLf(), got.get(f.number() - 1), "mpop message " + f.number() + " (" + f.name() + "), LF-normalised");
        }
    }

    @Test
    void secondRunFetchesNothingBecauseUidlsAreStable_protocol3() throws Exception {
        // mpop keeps the UIDLs it has seen; the same ids in the next session mean nothing is new.
        Path first = Files.createDirectory(dir.resolve("first"));
        mpop(first);
        List<String> recorded = Files.readAllLines(dir.resolve("uidls")).stream()
                .filter(l -> !l.startsWith("#") && !l.startsWith(" ")).toList();
        assertEquals(server.uids(), recorded, "UIDLs mpop recorded");
        Path second = Files.createDirectory(dir.resolve("second"));
        ExternalProcess.Result r = mpop(second);
        int n = Fixtures.all().size();
        assertTrue(r.stdout().contains("new: no messages, total: " + n + " messages"), "nothing new\n" + r.describe());
        NumberedDelivery.read(second, 0, r.describe());
    }

    /** One mpop session that keeps the mail on the server and remembers UIDLs in dir/uidls. */
    private ExternalProcess.Result mpop(Path out) throws Exception {
        List<String> command = new ArrayList<>(List.of(mpop.toString(),
                "--host=" + LoopbackServer.HOST, "--port=" + server.port(), "--user=" + Fixtures.USER,
                // The password comes from the environment, never the command line.
                "--passwordeval=printf '%s\\n' \"$POP3_PASSWORD\"",
                "--auth=user", "--tls=off", "--keep=on", "--received-header=off",
                "--uidls-file=" + dir.resolve("uidls"),
                "--delivery=mda," + NumberedDelivery.command(out)));
        // HOME points at the temp dir so that no ~/.mpoprc of the machine applies.
        return ExternalProcess.run(dir, Map.of("HOME", dir.toString(), "POP3_PASSWORD", Fixtures.PASSWORD), command)
                .assertSuccess();
    }
}
