// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.USER;
import static dev.poplar.maildir.Fixture.message;
import static dev.poplar.maildir.Fixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.MessageInfo;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MessageInfo.received comes from the Maildir name's leading seconds (RFC 2449 §6.7 EXPIRE counts from delivery). */
class DeliveryTimeTest {
    @TempDir
    Path root;

    private Map<String, Instant> receivedByUid() throws Exception {
        Map<String, Instant> out = new HashMap<>();
        for (MessageInfo m : Fixture.list(new MaildirStore(root))) out.put(m.uid(), m.received());
        return out;
    }

    @Test
    void datedNamesGiveTheirDeliverySecondInCurAndNewWithOrWithoutFlags() throws Exception {
        Path maildir = root.resolve(USER);
        put(maildir, "new", "1700000000.M98000P7Q1.host", message("a"));
        put(maildir, "cur", "1000000000.M1P2.host,S=10:2,S", message("b"));
        put(maildir, "cur", "1600000000.V801I42.host:2,", message("c"));

        Map<String, Instant> received = receivedByUid();
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), received.get("1700000000.M98000P7Q1.host"));
        assertEquals(Instant.ofEpochSecond(1_000_000_000L), received.get("1000000000.M1P2.host,S=10"));
        assertEquals(Instant.ofEpochSecond(1_600_000_000L), received.get("1600000000.V801I42.host"));
    }

    @Test
    void undatedNamesHaveNoDeliveryTimeSoTheyAreNeverExpired() throws Exception {
        Path maildir = root.resolve(USER);
        put(maildir, "cur", "handmade:2,", message("no digits"));
        put(maildir, "new", "42.eml", message("hand-numbered, 1970"));
        put(maildir, "new", "1700000000", message("no unique part"));
        put(maildir, "new", "1700000000-x.host", message("not <seconds>."));
        put(maildir, "new", "9".repeat(19) + ".x", message("too many digits"));

        Map<String, Instant> received = receivedByUid();
        assertEquals(5, received.size(), received.toString());
        for (Map.Entry<String, Instant> e : received.entrySet()) assertNull(e.getValue(), e.getKey());
    }

    @Test
    void theBoundsOfADeliveryTimeAreChecked() {
        assertEquals(Instant.ofEpochSecond(MaildirName.EARLIEST_DELIVERY),
                MaildirName.parse(MaildirName.EARLIEST_DELIVERY + ".a.host").received());
        assertNull(MaildirName.parse((MaildirName.EARLIEST_DELIVERY - 1) + ".a.host").received());
        // 18 digits fit a long but not an Instant: no exception, no date.
        assertNull(MaildirName.parse("9".repeat(18) + ".a.host").received());
        assertNotNull(MaildirName.parse("99999999999.a.host").received(), "a far future is still a date");
    }

    @Test
    void aMessageDeliveredByPoplarIsDatedNow() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        new MaildirDelivery().deliver(root.resolve(USER), new ByteArrayInputStream(Fixture.bytes(message("x"))));
        Instant after = Instant.now();

        List<MessageInfo> listed = Fixture.list(new MaildirStore(root));
        assertEquals(1, listed.size());
        Instant received = listed.getFirst().received();
        assertNotNull(received);
        assertFalse(received.isBefore(before), received + " < " + before);
        assertTrue(!received.isAfter(after), received + " > " + after);
    }
}
