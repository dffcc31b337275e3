// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static dev.poplar.interop.ByteAssert.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetchmail (Debian package fetchmail) with a generated rcfile delivering to an MDA. Two settings make
 * the delivered bytes exactly what RETR carried, so the comparison is byte-exact, not LF-normalised:
 * {@code set invisible} (no Received header added) and {@code no stripcr} (fetchmail otherwise strips
 * every CR, a lone CR inside a line included, when it delivers to an MDA).
 */
class FetchmailInteropTest {
    @TempDir Path dir;
    private Path fetchmail;
    private LoopbackServer server;

    @BeforeEach
    void start() {
        fetchmail = ExternalProcess.requireTool("fetchmail", "fetchmail");
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void fetchesEveryMessageByteExact_protocol1EightBitCleanCrlfDotStuffing() throws Exception {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, rcfile(out));
        // fetchmail refuses an rcfile that others can read: it holds a password.
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        String user = System.getProperty("user.name");
        ExternalProcess.Result r = ExternalProcess.run(dir,
                // HOME and FETCHMAILHOME keep its state files in the temp dir. Run as root, fetchmail
                // switches to the user named by FETCHMAILUSER (or LOGNAME, USER) for the MDA: name ourselves.
                Map.of("HOME", dir.toString(), "FETCHMAILHOME", dir.toString(), "FETCHMAILUSER", user),
                List.of(fetchmail.toString(), "-f", rc.toString(), "--idfile", dir.resolve("fetchids").toString(),
                        "--pidfile", dir.resolve("fetchmail.pid").toString()))
                .assertSuccess();

        int n = Fixtures.all().size();
        long total = Fixtures.all().stream().mapToLong(Fixture::wireSize).sum();
        String report = n + " messages for " + Fixtures.USER + " at " + LoopbackServer.HOST + " (" + total + " octets).";
        assertTrue((r.stdout() + r.stderr()).contains(report), "fetchmail reports: " + report + "\n" + r.describe());
        List<byte[]> got = NumberedDelivery.read(out, n, r.describe());
        for (Fixture f : Fixtures.all()) {
            assertSameBytes(f.wire(), got.get(f.number() - 1), "fetchmail message " + f.number() + " (" + f.name() + ")");
        }
    }

    /**
     * Plain POP3 with USER/PASS, no STLS attempt ({@code sslproto ''}), keep everything on the server,
     * fetch old and new alike, no address rewriting.
     */
    private String rcfile(Path out) {
        String local = System.getProperty("user.name");
        return """
                set no syslog
                set invisible
                poll %s with protocol POP3 service %d auth password
                    user "%s" there with password "%s" is "%s" here
                    options keep fetchall no rewrite no stripcr sslproto ''
                    mda "%s"
                """.formatted(LoopbackServer.HOST, server.port(), Fixtures.USER, Fixtures.PASSWORD, local,
                NumberedDelivery.command(out).replace("\\", "\\\\").replace("\"", "\\\""));
    }
}
