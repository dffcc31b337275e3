// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.Pop3Server;
import dev.poplar.testing.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5: several accounts from one accounts file, each into its own destination and state. */
@Timeout(60)
class FetchAccountsRunTest {
    @TempDir
    Path tmp;

    private long count(Path maildir) throws Exception {
        Path nw = maildir.resolve("new");
        if (!Files.isDirectory(nw)) return 0;
        try (Stream<Path> s = Files.list(nw)) {
            return s.count();
        }
    }

    @Test
    void everyAccountOfTheFileIsFetched_issue5() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "pw a").addUser("bob", "pw b");
        store.deliver("alice", "Subject: a1\r\n\r\nx\r\n");
        store.deliver("alice", "Subject: a2\r\n\r\nx\r\n");
        store.deliver("bob", "Subject: b1\r\n\r\nx\r\n");
        Files.writeString(tmp.resolve("a.pass"), "pw a\n");
        Files.writeString(tmp.resolve("b.pass"), "pw b\n");
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).start()) {
            StringBuilder file = new StringBuilder("# two accounts on one server\n");
            for (String user : List.of("alice", "bob")) {
                file.append("[account ").append(user).append("]\n")
                        .append("host = 127.0.0.1\nport = ").append(server.port()).append('\n')
                        .append("user = ").append(user).append('\n')
                        .append("password-file = ").append(tmp.resolve(user.charAt(0) + ".pass")).append('\n')
                        .append("tls = none\nkeep = yes\n")
                        .append("to = maildir:").append(tmp.resolve("mail-" + user)).append('\n')
                        .append("state = ").append(tmp.resolve(user + ".state")).append("\n\n");
            }
            Path accounts = Files.writeString(tmp.resolve("accounts"), file);
            Cli r = Cli.run("fetch", "--accounts", accounts.toString());
            assertEquals(0, r.status(), r.out() + r.err());
            assertEquals(2, count(tmp.resolve("mail-alice")));
            assertEquals(1, count(tmp.resolve("mail-bob")));
            assertEquals(ExitCodes.USAGE, Cli.run("fetch", "--accounts", accounts.toString(), "--watch").status());
            assertEquals(ExitCodes.USAGE, Cli.run("fetch", "--accounts", accounts.toString(), "--host", "x").status(),
                    "either an accounts file or the flags of one account");
        }
    }
}
