// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import static dev.poplar.server.sasl.Fakes.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.spi.CredentialStore.SecretKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {

    private static List<String> names(List<SaslMechanism> ms) {
        return ms.stream().map(SaslMechanism::name).toList();
    }

    @Test
    void standardListInPreferenceOrder() {
        assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "OAUTHBEARER", "XOAUTH2", "PLAIN", "LOGIN", "CRAM-MD5"),
                names(SaslMechanisms.standard()));
        assertThrows(UnsupportedOperationException.class, () -> SaslMechanisms.standard().clear());
    }

    @Test
    void lookupIsAsciiCaseInsensitive_rfc4422section3_1() {
        assertEquals(Optional.of(SaslMechanisms.PLAIN), SaslMechanisms.byName("plain"));
        assertEquals(Optional.of(SaslMechanisms.SCRAM_SHA_256), SaslMechanisms.byName("Scram-Sha-256"));
        assertEquals(Optional.of(SaslMechanisms.SCRAM_SHA_256_PLUS), SaslMechanisms.byName("SCRAM-SHA-256-PLUS"));
        assertEquals(Optional.of(SaslMechanisms.CRAM_MD5), SaslMechanisms.byName("cram-md5"));
        assertEquals(Optional.of(SaslMechanisms.XOAUTH2), SaslMechanisms.byName("xoauth2"));
        assertEquals(Optional.empty(), SaslMechanisms.byName("PLA\u0131N")); // dotless i upper-cases to I
        assertEquals(Optional.empty(), SaslMechanisms.byName("GSSAPI"));
        assertEquals(Optional.empty(), SaslMechanisms.byName(""));
        assertEquals(Optional.empty(), SaslMechanisms.byName(null));
        assertEquals(Optional.empty(), SaslMechanisms.byName("SCRAM-SHA-256-PLUS-EXTRA-LONG"));
    }

    @Test
    void availableDependsOnTheContext() {
        Passwords auth = new Passwords(Map.of());
        assertEquals(List.of("PLAIN", "LOGIN"), names(SaslMechanisms.available(context(auth, null, null, null))));
        Store plaintext = new Store(Set.of(SecretKind.PLAINTEXT), Map.of(), Map.of());
        assertEquals(List.of("SCRAM-SHA-256", "PLAIN", "LOGIN", "CRAM-MD5"),
                names(SaslMechanisms.available(context(auth, plaintext, null, null))));
        Store scram = new Store(Set.of(SecretKind.SCRAM_SHA_256), Map.of(), Map.of());
        assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "OAUTHBEARER", "XOAUTH2", "PLAIN", "LOGIN"),
                names(SaslMechanisms.available(context(auth, scram, (u, t) -> Optional.empty(), new byte[32]))));
    }

    @Test
    void passwordSendingMechanisms_rfc2595section2_3() {
        assertEquals(List.of("OAUTHBEARER", "XOAUTH2", "PLAIN", "LOGIN"),
                names(SaslMechanisms.standard().stream().filter(SaslMechanism::sendsPassword).toList()));
    }

    @Test
    void namesAreRegisteredForm_rfc4422section3_1() {
        for (SaslMechanism m : SaslMechanisms.standard()) {
            assertTrue(m.name().length() <= 20 && m.name().chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'), m.name());
        }
        assertThrows(IllegalArgumentException.class, () -> SaslMechanisms.scramSha256(false, 0));
    }
}
