// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.cli.cert.PemFiles;
import dev.poplar.cli.cert.SelfSignedCertificate;
import dev.poplar.server.Pop3Server;
import dev.poplar.server.tls.TlsConfig;
import dev.poplar.server.tls.TlsOptions;
import dev.poplar.testing.InMemoryStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5 `poplar shell`: piped stdin against Poplar's own server. */
@Timeout(60)
class ShellCommandTest {
    @TempDir
    Path tmp;

    /** Runs {@code poplar ARGS} in-process, as the real tool, with {@code stdin}. */
    static Cli poplar(String stdin, String... args) {
        return Cli.input(stdin, args);
    }

    static InMemoryStore store() {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret pw");
        store.deliver("alice", "Subject: one\r\n\r\n.leading dot\r\nfirst\r\n");
        store.deliver("alice", "Subject: two\r\n\r\nsecond\r\n");
        return store;
    }

    static String[] args(int port, String... extra) {
        List<String> a = new ArrayList<>(List.of("shell", "--host", "127.0.0.1", "--port", Integer.toString(port)));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void aWholeSessionFromAPipeWithMultiLineRepliesAndHiddenPassword_issue5() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            String input = "CAPA\nUSER alice\nPASS\nsecret pw\nSTAT\nLIST\nLIST 2\nUIDL\nRETR 1\nTOP 2 0\nNOOP\nQUIT\n";
            Cli r = poplar(input, args(server.port(), "--tls", "none", "--trace"));
            assertEquals(0, r.status(), r.out() + r.err());
            String out = r.out();
            assertTrue(out.startsWith("+OK"), out);
            assertTrue(out.contains("\nUIDL\n") && out.contains("\nTOP\n"), "CAPA shown whole: " + out);
            assertTrue(out.contains("+OK 2 "), "STAT: " + out);
            assertTrue(out.contains("\n1 ") && out.contains("\n2 "), "LIST and UIDL lines: " + out);
            assertTrue(out.contains("\n..leading dot\nfirst\n.\n"), "RETR shown raw down to the final dot: " + out);
            assertTrue(out.contains("Subject: two\n\n.\n"), "TOP 2 0: " + out);
            assertEquals(5, out.lines().filter(l -> l.equals(".")).count(), "CAPA, LIST, UIDL, RETR, TOP: " + out);
            assertTrue(r.err().contains("C: PASS ********"), r.err());
            assertTrue(r.err().contains("S: +OK") && r.err().contains("C: RETR 1"), r.err());
            assertFalse(r.err().contains("secret pw") || out.contains("secret pw"), "the password is never shown");
            assertEquals(2, store.uids("alice").size());
        }
    }

    @Test
    void endOfInputClosesWithoutQuitSoNothingIsCommitted_issue5() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            Cli r = poplar("USER alice\nPASS secret pw\nDELE 1\n", args(server.port(), "--tls", "none", "--trace"));
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("closing without QUIT"), r.out());
            assertTrue(r.err().contains("C: PASS ********") && !r.err().contains("secret pw"), r.err());
            Thread.sleep(200);
            assertEquals(2, store.uids("alice").size(), "DELE without QUIT deletes nothing");
            Cli q = poplar("USER alice\nPASS secret pw\nDELE 1\nQUIT\n", args(server.port(), "--tls", "none"));
            assertEquals(0, q.status(), q.out() + q.err());
            assertTrue(q.err().isEmpty(), "no trace without --trace: " + q.err());
            assertEquals(1, store.uids("alice").size(), "QUIT commits");
        }
    }

    @Test
    void startTlsAndImplicitTlsVerifiedAgainstTheCaFile_issue5() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.generate(List.of("localhost"), 1, SelfSignedCertificate.KeyType.EC);
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        PemFiles.write(c.certificate(), c.key(), cert, key, false);
        InMemoryStore store = store();
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store)
                .listen(new InetSocketAddress(lo, 0)).listenTls(new InetSocketAddress(lo, 0))
                .tls(TlsConfig.load(cert, key, TlsOptions.defaults())).start()) {
            Cli s = poplar("CAPA\nUSER alice\nPASS\nsecret pw\nSTAT\nQUIT\n", "shell", "--host", "localhost",
                    "--port", Integer.toString(server.port()), "--ca-file", cert.toString());
            assertEquals(0, s.status(), s.out() + s.err());
            assertTrue(s.out().contains("-- TLS TLSv1.3"), s.out());
            assertTrue(s.out().contains("+OK 2 "), s.out());
            Cli i = poplar("STAT\nQUIT\n", "shell", "--host", "localhost", "--port", Integer.toString(server.tlsPort()),
                    "--tls", "implicit", "--ca-file", cert.toString());
            assertEquals(0, i.status(), i.out() + i.err());
            assertTrue(i.out().startsWith("-- TLS TLSv1.3") && i.out().contains("\n+OK"), i.out());
            Cli typed = poplar("STLS\nCAPA\nQUIT\n", "shell", "--host", "localhost", "--port", Integer.toString(server.port()),
                    "--tls", "none", "--ca-file", cert.toString(), "--trace");
            assertEquals(0, typed.status(), typed.out() + typed.err());
            String after = typed.out().substring(typed.out().indexOf("-- TLS TLSv1.3"));
            assertTrue(after.contains("\nUSER\n") && !after.contains("\nSTLS\n"), "STLS typed by hand starts TLS: " + typed.out());
            Cli noCa = poplar("QUIT\n", "shell", "--host", "localhost", "--port", Integer.toString(server.tlsPort()), "--tls", "implicit");
            assertEquals(ExitCodes.UNAVAILABLE, noCa.status(), "an unverified certificate is refused: " + noCa.err());
        }
    }

    @Test
    void startTlsWithoutTlsOnTheServerIsRefused_issue5() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            Cli r = poplar("USER alice\nPASS secret pw\n", args(server.port()));
            assertEquals(ExitCodes.UNAVAILABLE, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("refusing to continue"), r.err());
        }
    }
}
