// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.maildir.passwd.UsersFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of issue 2, run in-process. */
class CommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsEveryCommand() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.status());
        for (String c : List.of("serve", "demo", "deliver", "user")) assertTrue(r.out().contains(c), r.out());
        Cli serve = Cli.run("serve", "--help");
        assertEquals(0, serve.status());
        for (String o : List.of("--listen", "--maildir-root", "--users", "--config")) assertTrue(serve.out().contains(o), serve.out());
    }

    @Test
    void serveNeedsItsRequiredOptions_issue2contract() {
        Cli r = Cli.run("serve", "--maildir-root", tmp.toString(), "--users", tmp.resolve("u").toString());
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().contains("--listen or --tls-listen is required"), r.err());
        assertEquals(ExitCodes.USAGE, Cli.run("serve", "--listen", "nonsense").status());
        assertEquals(ExitCodes.USAGE, Cli.run("serve", "--bogus").status());
    }

    @Test
    void serveRefusesAMissingMaildirRootOrUsersFile() throws Exception {
        Cli r = Cli.run("serve", "--listen", "127.0.0.1:0", "--maildir-root", tmp.resolve("nope").toString(), "--users", "x");
        assertEquals(ExitCodes.CONFIG, r.status());
        assertTrue(r.err().contains("not a directory"), r.err());
        Cli u = Cli.run("serve", "--listen", "127.0.0.1:0", "--maildir-root", tmp.toString(), "--users", tmp.resolve("none").toString());
        assertEquals(ExitCodes.CONFIG, u.status());
        assertTrue(u.err().contains("users file"), u.err());
    }

    @Test
    void userAddListRemove_issue2() throws Exception {
        Path users = tmp.resolve("users");
        Cli add = Cli.input("pass with  spaces\n", "user", "add", "alice", "--users", users.toString(), "--password-stdin");
        assertEquals(0, add.status(), add.err());
        assertTrue(Files.readString(users).contains("alice:{ARGON2ID}$argon2id$v=19$"), "stored as ARGON2ID by default");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(users));
        assertTrue(UsersFile.open(users).authenticate("alice", "pass with  spaces").isPresent());
        assertTrue(UsersFile.open(users).authenticate("alice", "pass with spaces").isEmpty());

        assertEquals(0, Cli.input("pw2\n", "user", "add", "bob", "--users", users.toString(), "--password-stdin", "--scheme", "SHA512-CRYPT").status());
        assertTrue(Files.readString(users).contains("bob:{SHA512-CRYPT}$6$"));
        assertNotEquals(0, Cli.input("x\n", "user", "add", "alice", "--users", users.toString(), "--password-stdin").status(), "no silent overwrite");
        assertEquals(0, Cli.input("new\n", "user", "add", "alice", "--users", users.toString(), "--password-stdin", "--replace").status());
        assertTrue(UsersFile.open(users).authenticate("alice", "new").isPresent());

        Cli list = Cli.run("user", "list", "--users", users.toString());
        assertEquals("alice\nbob\n", list.out().replace("\r\n", "\n"));
        assertEquals(0, Cli.run("user", "remove", "bob", "--users", users.toString()).status());
        assertEquals(ExitCodes.NO_USER, Cli.run("user", "remove", "bob", "--users", users.toString()).status());
        assertEquals("alice\n", Cli.run("user", "list", "--users", users.toString()).out().replace("\r\n", "\n"));
    }

    @Test
    void nonAsciiPasswordsAreStoredSaslpreppedAsLoginsCompareThem_rfc6856() throws Exception {
        Path users = tmp.resolve("users");
        // Typed as a + combining diaeresis (NFD); a client may send the precomposed form (NFC).
        assertEquals(0, Cli.input("pa\u0308ss\n", "user", "add", "una", "--users", users.toString(), "--password-stdin").status());
        String asSentByClient = dev.poplar.protocol.Saslprep.prepare("p\u00e4ss", false);
        assertTrue(UsersFile.open(users).authenticate("una", asSentByClient).isPresent());
        Cli bad = Cli.input("pw\u0007\u00e9\n", "user", "add", "vic", "--users", users.toString(), "--password-stdin");
        assertEquals(ExitCodes.DATA_ERROR, bad.status(), "a prohibited character is refused: " + bad.err());
    }

    @Test
    void userAddRefusesBadNamesEmptyPasswordsAndUnknownSchemes() {
        String users = tmp.resolve("users").toString();
        Cli bad = Cli.input("pw\n", "user", "add", "../evil", "--users", users, "--password-stdin");
        assertEquals(ExitCodes.DATA_ERROR, bad.status());
        assertEquals(ExitCodes.DATA_ERROR, Cli.input("\n", "user", "add", "carol", "--users", users, "--password-stdin").status());
        assertEquals(ExitCodes.USAGE, Cli.input("pw\n", "user", "add", "carol", "--users", users, "--password-stdin", "--scheme", "MD5").status());
    }

    @Test
    void deliverWritesTheMessageByteForByte_issue2() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mail/alice")).getParent();
        byte[] message = "Subject: t\n\n8-bit \u00e9\u00e8 and a lone\rCR\n.\nend".getBytes(StandardCharsets.UTF_8);
        Cli r = Cli.input(message, "deliver", "alice", "--maildir-root", root.toString());
        assertEquals(0, r.status(), r.err());
        List<Path> delivered;
        try (Stream<Path> s = Files.list(root.resolve("alice/new"))) {
            delivered = s.toList();
        }
        assertEquals(1, delivered.size());
        assertArrayEquals(message, Files.readAllBytes(delivered.getFirst()));
        try (Stream<Path> s = Files.list(root.resolve("alice/tmp"))) {
            assertEquals(0, s.count(), "nothing left in tmp/");
        }
    }

    @Test
    void deliverExitCodesFollowSysexits_issue2() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mail"));
        assertEquals(ExitCodes.NO_USER, Cli.input("x", "deliver", "nobody", "--maildir-root", root.toString()).status());
        assertEquals(ExitCodes.NO_USER, Cli.input("x", "deliver", "../etc", "--maildir-root", root.toString()).status());
        assertEquals(ExitCodes.CONFIG, Cli.input("x", "deliver", "alice").status());
        // A listed user without a maildir yet gets one.
        Path users = tmp.resolve("users");
        assertEquals(0, Cli.input("pw\n", "user", "add", "carol", "--users", users.toString(), "--password-stdin").status());
        assertEquals(0, Cli.input("Subject: x\n\nx\n", "deliver", "carol", "--maildir-root", root.toString(), "--users", users.toString()).status());
        assertTrue(Files.isDirectory(root.resolve("carol/new")));
        assertEquals(ExitCodes.NO_USER, Cli.input("x", "deliver", "dave", "--maildir-root", root.toString(), "--users", users.toString()).status());
        // A failure that may pass is temporary: the MTA keeps the message.
        Files.createDirectories(root.resolve("erin"));
        Files.writeString(root.resolve("erin/tmp"), "not a directory");
        Cli r = Cli.input("Subject: x\n\nx\n", "deliver", "erin", "--maildir-root", root.toString());
        assertEquals(ExitCodes.TEMP_FAIL, r.status(), r.err());
    }

    @Test
    void configFileSuppliesDefaultsAndRejectsUnknownKeys_issue2contract() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mail/alice")).getParent();
        Path config = tmp.resolve("poplar.conf");
        Files.writeString(config, "# Poplar settings\nmaildir-root = " + root + "\n");
        assertEquals(0, Cli.input("Subject: x\n\nx\n", "deliver", "alice", "--config", config.toString()).status());
        Files.writeString(config, "maildir-rot = " + root + "\n");
        Cli r = Cli.input("x", "deliver", "alice", "--config", config.toString());
        assertEquals(ExitCodes.CONFIG, r.status());
        assertTrue(r.err().contains("maildir-rot"), r.err());
        assertEquals(ExitCodes.CONFIG, Cli.run("deliver", "alice", "--config", tmp.resolve("missing.conf").toString()).status());
    }
}
