// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.protocol.Limits;
import dev.poplar.server.spi.MessageInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unique-ids (protocol.md §3): valid, unique, stable for the life of a message. */
class UniqueIdTest {
    @TempDir
    Path root;

    private static final String LONG_NAME = "1491941793.M41850P8566V0000000000000015I0000000004F3030E_0"
            + ".mx1.mail.example.com,S=10956";

    @Test
    void longBaseNameGetsADerivedIdThatIsStableAcrossStoreInstances() throws Exception {
        // A Dovecot-delivered name is often longer than RFC 1939 §7's 70 characters.
        Path maildir = root.resolve(USER);
        put(maildir, "cur", LONG_NAME + ":2,S", message("long"));
        assertTrue(LONG_NAME.length() > 70);

        String first = Fixture.list(new MaildirStore(root)).get(0).uid();
        Files.delete(maildir.resolve(MaildirIndex.FILE_NAME)); // not kept anywhere: recomputed from the name
        String second = Fixture.list(new MaildirStore(root)).get(0).uid();

        assertEquals(first, second);
        assertTrue(Limits.isValidUniqueId(first), first);
        assertTrue(first.length() <= 70);
        assertEquals(UniqueIds.derived(LONG_NAME), first);
        assertTrue(first.startsWith(UniqueIds.DERIVED_PREFIX));
    }

    @Test
    void nonPrintableBaseNamesGetValidDerivedIds() throws Exception {
        Path maildir = root.resolve(USER);
        put(maildir, "new", "1700000000.with space.host", message("a"));
        put(maildir, "new", "1700000001.caf\u00e9.host", message("b"));
        put(maildir, "new", "1700000002.tab\there", message("c"));
        put(maildir, "new", "_", message("d")); // a lone "_" is reserved by RFC 1939 §7

        List<MessageInfo> infos = Fixture.list(new MaildirStore(root));

        assertEquals(4, infos.size());
        for (MessageInfo info : infos) assertTrue(info.hasValidUid(), info.uid());
        assertEquals(4, new HashSet<>(Fixture.uids(infos)).size());
        assertEquals(UniqueIds.derived("1700000000.with space.host"), infos.get(0).uid());
    }

    @Test
    void derivedIdsOfDistinctNamesAreDistinct() {
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) ids.add(UniqueIds.derived("name-" + i));
        assertEquals(2000, ids.size());
    }

    @Test
    void clashingPreferredIdsFallBackToDerivedIdsAndStayUnique() {
        // Dovecot recorded the same P value for two messages, and a third one's base name equals it.
        List<String> bases = List.of("b1", "b2", "SAME", "b4");
        List<String> preferred = Arrays.asList("SAME", "SAME", null, null);

        List<String> ids = UniqueIds.assign(bases, preferred);

        assertEquals(List.of(UniqueIds.derived("b1"), UniqueIds.derived("b2"), UniqueIds.derived("SAME"), "b4"), ids);
    }

    @Test
    void aBaseNameThatLooksLikeAnotherMessagesDerivedIdDoesNotClash() {
        String longName = "x".repeat(100);
        String impostor = UniqueIds.derived(longName); // a file literally named like a derived id
        List<String> ids = UniqueIds.assign(List.of(longName, impostor), Arrays.asList(null, null));

        assertNotEquals(ids.get(0), ids.get(1));
        assertEquals(2, new HashSet<>(ids).size());
    }

    @Test
    void invalidPreferredIdIsNotUsed() {
        List<String> ids = UniqueIds.assign(List.of("base"), new ArrayList<>(Arrays.asList("has space")));
        assertEquals(List.of("base"), ids);
    }
}
