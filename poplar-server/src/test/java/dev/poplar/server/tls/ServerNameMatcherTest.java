// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.Test;

/** Strict SNI names (ALPACA, RFC 6066 §3, RFC 6125 §6.4.3). */
class ServerNameMatcherTest {
    private final ServerNameMatcher m = new ServerNameMatcher(List.of("Mail.Example.TEST", "*.pop.example.test", "bücher.example"));

    private boolean matches(String host) {
        return m.matches(new SNIHostName(host));
    }

    @Test
    void exactNamesIgnoreCase() {
        assertTrue(matches("mail.example.test"));
        assertTrue(matches("MAIL.EXAMPLE.TEST"));
        assertFalse(matches("www.example.test"));
        assertFalse(matches("example.test"));
    }

    @Test
    void wildcardCoversExactlyOneLabel_rfc6125section6_4_3() {
        assertTrue(matches("a.pop.example.test"));
        assertFalse(matches("pop.example.test"));
        assertFalse(matches("a.b.pop.example.test"));
    }

    @Test
    void internationalisedNamesCompareAsALabels_rfc5890() {
        assertTrue(matches("xn--bcher-kva.example"));
    }

    @Test
    void malformedNamesAreRefusedUpFront() {
        for (String bad : List.of("", "*.com", "a..b", "*", "foo.*.example", "under_score.example", "trailing.")) {
            assertThrows(IllegalArgumentException.class, () -> new TlsOptions(true, List.of(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new ServerNameMatcher(List.of()));
        assertDoesNotThrow(() -> new TlsOptions(false, List.of("under_score.example", "127.0.0.1")), "unused without strict SNI");
    }
}
