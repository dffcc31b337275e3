// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import dev.poplar.testing.InMemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The store every server test starts from: alice/secret with three messages (99 octets), bob empty. */
final class Fixture {
    static final String M1 = "Subject: one\r\n\r\nHello\r\n";                            // 23 octets
    static final String M2 = "Subject: two\n\n.\n..x\n.start\nend";                      // 37 octets as CRLF
    static final String M3 = "Subject: three\r\n\r\nline1\r\nline2\r\nline3\r\n";        // 39 octets

    private Fixture() {}

    static InMemoryStore store() {
        InMemoryStore store = new InMemoryStore().addUser("alice", "secret").addUser("bob", "pw b");
        store.deliver("alice", M1);
        store.deliver("alice", M2);
        store.deliver("alice", M3);
        return store;
    }

    static Pop3Server server(InMemoryStore store) {
        return Pop3Server.builder().authenticator(store).maildrops(store)
                .shutdownGrace(Duration.ZERO).start();
    }

    /** A loopback client with a read timeout, so a broken server fails a test instead of hanging it. */
    static Socket connect(Pop3Server server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            int b = in.read();
            if (b < 0) return sb.isEmpty() ? null : sb.toString();
            if (b == '\n') return sb.toString().endsWith("\r") ? sb.substring(0, sb.length() - 1) : sb + "<LF>";
            sb.append((char) b);
        }
        throw new IOException("line too long");
    }

    static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads lines up to and including the terminating ".". */
    static java.util.List<String> readMultiLine(InputStream in) throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            String l = readLine(in);
            if (l == null) throw new IOException("closed in a multi-line reply");
            lines.add(l);
            if (l.equals(".")) return lines;
        }
        throw new IOException("reply too long");
    }

    static void login(InputStream in, OutputStream out, String user, String pass) throws IOException {
        send(out, "USER " + user);
        readLine(in);
        send(out, "PASS " + pass);
        String reply = readLine(in);
        if (!reply.startsWith("+OK")) throw new AssertionError("login failed: " + reply);
    }
}
