// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.bytes;
import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other programs (an IMAP server, an MTA, a user's shell) change the maildir while a session is open. */
class ConcurrentChangeTest {
    @TempDir
    Path root;

    private Path maildir;
    private final String content = message("shared");

    @BeforeEach
    void fill() {
        maildir = root.resolve(USER);
        put(maildir, "new", "1700000000.m.host", content);
        put(maildir, "cur", "1700000001.other.host:2,", message("other"));
    }

    @Test
    void messageMovedFromNewToCurWhileTheSessionIsOpenIsStillServed() throws Exception {
        try (Maildrop drop = Fixture.open(new MaildirStore(root))) {
            MessageInfo info = drop.list().get(0);
            Files.move(maildir.resolve("new/1700000000.m.host"), maildir.resolve("cur/1700000000.m.host:2,"));

            assertArrayEquals(bytes(content), Fixture.read(drop, info));
        }
    }

    @Test
    void flagChangeRenamesWhileTheSessionIsOpenAreFollowed() throws Exception {
        try (Maildrop drop = Fixture.open(new MaildirStore(root))) {
            MessageInfo info = drop.list().get(0);
            Files.move(maildir.resolve("new/1700000000.m.host"), maildir.resolve("cur/1700000000.m.host:2,S"));
            assertArrayEquals(bytes(content), Fixture.read(drop, info));

            Files.move(maildir.resolve("cur/1700000000.m.host:2,S"), maildir.resolve("cur/1700000000.m.host:2,RS"));
            assertArrayEquals(bytes(content), Fixture.read(drop, info));
        }
    }

    @Test
    void messageRemovedByAnotherProgramIsAStoreExceptionWithoutCode() throws Exception {
        try (Maildrop drop = Fixture.open(new MaildirStore(root))) {
            List<MessageInfo> infos = drop.list();
            Files.delete(maildir.resolve("new/1700000000.m.host"));

            StoreException e = assertThrows(StoreException.class, () -> drop.open(infos.get(0)));
            assertNull(e.code(), "gone is a plain -ERR, not SYS/TEMP");
            // The other message is unaffected.
            assertArrayEquals(bytes(message("other")), Fixture.read(drop, infos.get(1)));
            // And asking again gives the same answer, not another exception.
            assertNull(assertThrows(StoreException.class, () -> drop.open(infos.get(0))).code());
        }
    }

    @Test
    void messageReplacedByASymlinkIsNotServed() throws Exception {
        // Whoever can write the maildir must not make the server read another file through a link.
        Path secret = Files.writeString(root.resolve("secret"), "secret\n");
        try (Maildrop drop = Fixture.open(new MaildirStore(root))) {
            MessageInfo info = drop.list().get(0);
            Files.delete(maildir.resolve("new/1700000000.m.host"));
            Files.createSymbolicLink(maildir.resolve("new/1700000000.m.host"), secret);

            assertNull(assertThrows(StoreException.class, () -> drop.open(info)).code());
        }
    }

    @Test
    void onlyListedMessagesAreAccepted() throws Exception {
        try (Maildrop drop = Fixture.open(new MaildirStore(root))) {
            drop.list();
            MessageInfo forged = new MessageInfo("../../etc/passwd", 1);
            assertThrows(IllegalArgumentException.class, () -> drop.open(forged));
            assertThrows(IllegalArgumentException.class, () -> drop.delete(List.of(forged)));
        }
    }

    @Test
    void snapshotDoesNotChangeWhenMailArrives() throws Exception {
        try (Maildrop drop = Fixture.open(new MaildirStore(root))) {
            List<MessageInfo> infos = drop.list();
            put(maildir, "new", "1600000000.older-name.host", message("late"));

            assertArrayEquals(bytes(content), Fixture.read(drop, infos.get(0)));
            assertEquals(3, drop.list().size(), "a new snapshot (WAKE, next login) sees it");
        }
    }
}
