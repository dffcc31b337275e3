// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MessageInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local delivery: durable, unique, byte-exact, nothing left behind on failure. */
class MaildirDeliveryTest {
    @TempDir
    Path root;

    private static final Pattern NAME = Pattern.compile(
            "(\\d+)\\.M(\\d{1,6})P(\\d+)Q(\\d+)R([0-9a-f]{8})\\.([!-~]+),S=(\\d+),W=(\\d+)");

    private final MaildirDelivery delivery = new MaildirDelivery();

    private Path maildir() {
        return root.resolve("deep/" + USER);
    }

    @Test
    void createsTheMaildirAndTmpNewCurWhenMissing() throws Exception {
        String name = delivery.deliver(maildir(), new ByteArrayInputStream(bytes("Subject: x\n\nhi\n")));

        for (String sub : List.of("tmp", "new", "cur")) assertTrue(Files.isDirectory(maildir().resolve(sub)), sub);
        assertEquals(List.of(name), Fixture.names(maildir().resolve("new")));
        assertEquals(List.of(), Fixture.names(maildir().resolve("tmp")));
    }

    @Test
    void namesFollowTheUniqueFormatAndCarryStoredAndWireSizes() throws Exception {
        byte[] content = bytes("Subject: sizes\n\nline\n.dot\r\nlast line without end");
        String name = delivery.deliver(maildir(), new ByteArrayInputStream(content));

        Matcher m = NAME.matcher(name);
        assertTrue(m.matches(), name);
        assertEquals(ProcessHandle.current().pid(), Long.parseLong(m.group(3)));
        assertEquals(content.length, Long.parseLong(m.group(7)));
        assertEquals(Fixture.wireSize(content), Long.parseLong(m.group(8)));
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(m.group(1))) < 3600);
    }

    @Test
    void namesAreUniqueAcrossAThousandDeliveries() throws Exception {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) names.add(delivery.deliver(maildir(), new ByteArrayInputStream(bytes("m" + i))));

        assertEquals(1000, names.size());
        assertEquals(1000, Fixture.names(maildir().resolve("new")).size());
    }

    @Test
    void concurrentDeliveriesAreAllKept() throws Exception {
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] content = bytes("Subject: " + i + "\n\n");
            tasks.add(() -> delivery.deliver(maildir(), new ByteArrayInputStream(content)));
        }
        Set<String> names = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<String> f : pool.invokeAll(tasks)) names.add(f.get());
        }
        assertEquals(200, names.size());
        assertEquals(200, Fixture.names(maildir().resolve("new")).size());
    }

    @Test
    void contentIsStoredByteForByte() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17]; // several buffers, all byte values, CR/LF anywhere
        new Random(42).nextBytes(content);

        String name = delivery.deliver(maildir(), new ByteArrayInputStream(content));

        assertArrayEquals(content, Files.readAllBytes(maildir().resolve("new").resolve(name)));
        Matcher m = NAME.matcher(name);
        assertTrue(m.matches());
        assertEquals(Fixture.wireSize(content), Long.parseLong(m.group(8)));
    }

    @Test
    void emptyMessageIsDelivered() throws Exception {
        String name = delivery.deliver(maildir(), new ByteArrayInputStream(new byte[0]));
        assertTrue(name.endsWith(",S=0,W=0"), name);
    }

    @Test
    void failureWhileReadingLeavesNoFileAnywhere() throws Exception {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 100_000) throw new IOException("connection lost");
                return 'x';
            }
        };

        assertThrows(IOException.class, () -> delivery.deliver(maildir(), failing));

        assertEquals(List.of(), Fixture.names(maildir().resolve("tmp")));
        assertEquals(List.of(), Fixture.names(maildir().resolve("new")));
    }

    @Test
    void deliveredMessagesAreListedWithTheirSizeAndNoContentRead() throws Exception {
        byte[] content = bytes("Subject: listed\n\nbody\n");
        delivery.deliver(root.resolve(USER), new ByteArrayInputStream(content));
        MaildirStore store = new MaildirStore(root);

        try (Maildrop drop = Fixture.open(store)) {
            MessageInfo info = drop.list().get(0);
            assertEquals(Fixture.wireSize(content), info.size());
            assertEquals(0, store.counters().contentReads().sum());
            assertArrayEquals(content, Fixture.read(drop, info));
        }
    }

    @Test
    void hostNameIsMadeSafeForMaildirNames() {
        assertEquals("mx\\0571\\072a\\054b", UniqueNames.sanitize("mx/1:a,b"));
        assertEquals("localhost", UniqueNames.sanitize(""));
        assertTrue(UniqueNames.host().chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '/' && c != ':'));
    }
}
