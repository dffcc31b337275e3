// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, protocol.md §7: a {@code UID:} argument is client text. It is only compared with ids the
 * store listed, never turned into a path: {@code UID:../bob/new/x} and friends cannot reach another
 * user's mail, and the store is never handed an id it did not list.
 */
@Timeout(30)
class UidParameterPathTest {
    @TempDir
    Path root;

    @Test
    void uidArgumentsNeverBecomePaths_protocol7() throws Exception {
        Path bobMessage = Files.createDirectories(root.resolve("bob/new")).resolve("1700000000.M1P1.host");
        Files.writeString(bobMessage, "Subject: bob's secret\n\nsecret\n");
        new MaildirDelivery().deliver(new MaildirStore(root).maildirOf("alice"),
                new ByteArrayInputStream("Subject: alice\n\nhi\n".getBytes(StandardCharsets.US_ASCII)));
        MaildirStore store = new MaildirStore(root);
        Set<String> listed = new HashSet<>();
        List<String> handedToStore = new ArrayList<>();
        MaildropProvider recording = account -> new Recording(store.open(account), listed, handedToStore);
        try (Pop3Server server = Pop3Server.builder()
                .authenticator((user, password) -> Optional.of(new Account(user)))
                .maildrops(recording).start();
             Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            var out = s.getOutputStream();
            in.readLine();
            for (String line : List.of("USER alice", "PASS x")) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                assertTrue(in.readLine().startsWith("+OK"));
            }
            for (String attack : List.of("UID:../bob/new/1700000000.M1P1.host", "UID:../../bob/new/1700000000.M1P1.host",
                    "UID:/etc/passwd", "UID:1700000000.M1P1.host", "UID:..", "UID:new/../../bob/new/x")) {
                for (String verb : List.of("RETR ", "TOP ", "LIST ", "UIDL ", "DELE ", "DELI ")) {
                    String command = verb + attack + (verb.equals("TOP ") ? " 0" : "");
                    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    assertEquals("-ERR [UID/NOT-FOUND] No message has that unique-id.", in.readLine(), command);
                }
            }
        }
        assertTrue(Files.exists(bobMessage), "bob's message is untouched");
        assertTrue(listed.containsAll(handedToStore), "the store only ever got ids it listed: " + handedToStore);
    }

    /** Remembers what the store listed and what it was asked to open or delete. */
    private record Recording(Maildrop inner, Set<String> listed, List<String> handed) implements Maildrop {
        @Override
        public List<MessageInfo> list() throws StoreException {
            List<MessageInfo> l = inner.list();
            l.forEach(m -> listed.add(m.uid()));
            return l;
        }

        @Override
        public InputStream open(MessageInfo m) throws StoreException {
            handed.add(m.uid());
            return inner.open(m);
        }

        @Override
        public void delete(Collection<MessageInfo> messages) throws StoreException {
            messages.forEach(m -> handed.add(m.uid()));
            inner.delete(messages);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
