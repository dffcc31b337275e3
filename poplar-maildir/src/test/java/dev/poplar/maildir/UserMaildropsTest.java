// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.maildir.passwd.UsersFile;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read-only maildrops from the users file's extra fields (seed extension: DELE and DELI answer [READ-ONLY]). */
class UserMaildropsTest {
    @TempDir
    Path dir;

    private Path root;
    private Path usersPath;
    private UserMaildrops maildrops;

    private void writeUsers(String content, long mtimeSeconds) throws Exception {
        Files.writeString(usersPath, content, StandardCharsets.UTF_8);
        // An explicit modification time, so the reload is seen without depending on the clock.
        Files.setLastModifiedTime(usersPath, FileTime.fromMillis(mtimeSeconds * 1000));
    }

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(dir.resolve("mail"));
        usersPath = dir.resolve("users");
        writeUsers("""
                alice:{PLAIN}pw::::::readonly=yes
                bob:{PLAIN}pw
                carol:{PLAIN}pw:1000:1000::/home/carol::readonly=no userdb_mail=maildir:~/Maildir
                dave:{PLAIN}pw::::::nodelay readonly
                erin:{PLAIN}pw::::::readonly=YES
                """, 1_700_000_000L);
        for (String u : List.of("alice", "bob", "carol", "dave", "erin")) {
            put(root.resolve(u), "new", "1700000000.M1P1." + u, message(u));
        }
        maildrops = new UserMaildrops(new MaildirStore(root), UsersFile.open(usersPath));
    }

    private boolean readOnly(String user) throws Exception {
        try (Maildrop drop = maildrops.open(new Account(user))) {
            return drop.readOnly();
        }
    }

    @Test
    void readonlyYesOrABareReadonlyFlagMakesTheMaildropReadOnly() throws Exception {
        assertTrue(readOnly("alice"));
        assertFalse(readOnly("bob"), "no extra fields");
        assertFalse(readOnly("carol"), "readonly=no, among other fields");
        assertTrue(readOnly("dave"), "a bare key is set, as Dovecot reads it");
        assertTrue(readOnly("erin"), "values are compared without case");
        assertFalse(readOnly("zoe"), "an account the file does not list (OAuth, say) stays writable");
    }

    @Test
    void aReadOnlyMaildropListsAndReadsButRemovesNothing() throws Exception {
        try (Maildrop drop = maildrops.open(new Account("alice"))) {
            List<MessageInfo> listed = drop.list();
            assertEquals(1, listed.size());
            assertArrayEquals(Fixture.bytes(message("alice")), Fixture.read(drop, listed.getFirst()));
            drop.delete(List.of()); // nothing to remove is no change
            StoreException e = assertThrows(StoreException.class, () -> drop.delete(listed));
            assertEquals(ResponseCode.READ_ONLY, e.code());
        }
        assertEquals(1, Fixture.names(root.resolve("alice/new")).size(), "the message is still there");
        assertEquals(List.of(), Fixture.names(root.resolve("alice")).stream().filter(n -> n.startsWith("poplar-journal")).toList(),
                "no journal was committed");
    }

    @Test
    void aWritableMaildropIsTheMaildirStoresOwn() throws Exception {
        try (Maildrop drop = maildrops.open(new Account("bob"))) {
            assertTrue(drop instanceof MaildirMaildrop);
            drop.delete(drop.list());
        }
        assertEquals(List.of(), Fixture.names(root.resolve("bob/new")));
    }

    @Test
    void changingTheFileTakesEffectAtTheNextOpen() throws Exception {
        writeUsers("alice:{PLAIN}pw\nbob:{PLAIN}pw::::::readonly=yes\n", 1_700_000_100L);
        assertFalse(readOnly("alice"));
        assertTrue(readOnly("bob"));
    }
}
