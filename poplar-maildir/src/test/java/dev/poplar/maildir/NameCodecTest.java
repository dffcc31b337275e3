// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names in our files are one printable-ASCII token each and decode strictly. */
class NameCodecTest {
    @ParameterizedTest
    @ValueSource(strings = {"plain.name,S=1", "sp ace", "per%cent", "new\nline", "caf\u00e9", "\u0000", "end 2 x"})
    void encodedNamesAreOnePrintableTokenAndRoundTrip(String name) {
        String encoded = NameCodec.encode(name);
        assertEquals(true, encoded.chars().allMatch(c -> c > 0x20 && c < 0x7F), encoded);
        assertEquals(name, NameCodec.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%", "%4", "%zz", "sp ace", "%C3", "\u00e9"})
    void anythingEncodeCouldNotHaveWrittenIsRejected(String encoded) {
        assertNull(NameCodec.decode(encoded));
    }

    @Test
    void maildirNamesAreTakenApart() {
        MaildirName n = MaildirName.parse("1700000000.M1P2.host,S=10,W=12:2,RS");
        assertEquals(new MaildirName("1700000000.M1P2.host,S=10,W=12", 1700000000L, 1, 12), n);
        assertEquals(-1, MaildirName.parse("1.x,W=1,W=2").virtualSize(), "two sizes: trust neither");
        assertEquals(-1, MaildirName.parse("1.x,W=").virtualSize());
        assertEquals(-1, MaildirName.parse("1.x,W=12a").virtualSize());
        assertEquals(Long.MAX_VALUE, MaildirName.parse("x").timestamp());
        assertEquals(Long.MAX_VALUE, MaildirName.parse("9".repeat(19) + ".x").timestamp());
    }
}
