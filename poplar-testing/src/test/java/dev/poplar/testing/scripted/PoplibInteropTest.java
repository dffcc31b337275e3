// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import static dev.poplar.testing.scripted.DefaultBehaviourTest.twoMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's poplib, an independent client, runs a normal session against the default behaviour. */
class PoplibInteropTest {
    private static final String SCRIPT = """
            import poplib, sys, ssl
            port, mode, cafile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            if mode == "implicit":
                ctx = ssl.create_default_context(cafile=cafile)
                p = poplib.POP3_SSL("127.0.0.1", port, context=ctx, timeout=10)
            else:
                p = poplib.POP3("127.0.0.1", port, timeout=10)
                if mode == "stls":
                    p.stls(context=ssl.create_default_context(cafile=cafile))
            print(sorted(p.capa().keys()))
            p.user("alice"); p.pass_("secret")
            print(p.stat())
            print([l.decode() for l in p.list()[1]])
            print([l.decode() for l in p.uidl()[1]])
            print([l.decode() for l in p.retr(1)[1]])
            print([l.decode() for l in p.top(2, 0)[1]])
            p.dele(1)
            print(p.quit().decode())
            """;

    @Test
    void poplibSessionPlain() throws Exception {
        run("plain");
    }

    @Test
    void poplibSessionOverStls() throws Exception {
        run("stls");
    }

    @Test
    void poplibSessionOverImplicitTls() throws Exception {
        run("implicit");
    }

    @TempDir
    Path dir;

    private void run(String mode) throws Exception {
        assumeTrue(hasPython(), "python3 not installed");
        Path script = Files.writeString(dir.resolve("session.py"), SCRIPT);
        Path ca = dir.resolve("ca.pem");
        try (var in = getClass().getResourceAsStream("/security/ec-cert.pem")) {
            Files.write(ca, in.readAllBytes());
        }
        ScriptedPop3Server.Builder b = twoMessages();
        if (mode.equals("implicit")) b.implicitTls(TestTls.server());
        else b.tls(TestTls.server());
        try (ScriptedPop3Server server = b.start()) {
            Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(server.port()), mode, ca.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            String caps = mode.equals("plain")
                    ? "['AUTH-RESP-CODE', 'IMPLEMENTATION', 'PIPELINING', 'RESP-CODES', 'STLS', 'TOP', 'UIDL', 'USER']"
                    : "['AUTH-RESP-CODE', 'IMPLEMENTATION', 'PIPELINING', 'RESP-CODES', 'TOP', 'UIDL', 'USER']";
            assertEquals(List.of(
                    caps,
                    "(2, 69)",
                    "['1 46', '2 23']",
                    "['1 uid-1', '2 uid-2']",
                    "['Subject: one', '', '.leading dot line', 'last line']",
                    "['Subject: two', '']",
                    "+OK bye"), out.lines().toList());
            assertEquals(List.of("uid-1"), server.mailbox().deletedUids());
        }
    }

    private static boolean hasPython() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
