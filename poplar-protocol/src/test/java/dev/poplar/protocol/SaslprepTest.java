// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SaslprepTest {

    private static String query(String s) {
        return Saslprep.prepare(s, false);
    }

    private static String stored(String s) {
        return Saslprep.prepare(s, true);
    }

    private static void refused(String s, boolean storedString) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Saslprep.prepare(s, storedString));
        assertFalse(e.getMessage().contains(s), "the message must not echo the input");
    }

    @Test
    void examples_rfc4013section3() {
        assertEquals("IX", query("I\u00ADX"), "SOFT HYPHEN mapped to nothing");
        assertEquals("user", query("user"), "no transformation");
        assertEquals("USER", query("USER"), "case preserved, will not match #2");
        assertEquals("a", query("\u00AA"), "output is NFKC, input in ISO 8859-1");
        assertEquals("IX", query("\u2168"), "output is NFKC, will match #1");
        refused("\u0007", false); // prohibited character
        refused("\u0627\u0031", false); // bidirectional check
        // the same answers for stored strings: nothing there is unassigned
        assertEquals("IX", stored("I\u00ADX"));
        assertEquals("IX", stored("\u2168"));
        refused("\u0007", true);
    }

    @Test
    void nonAsciiSpaceBecomesSpaceAndMappedToNothingDisappears_rfc4013section2_1() {
        assertEquals("a b", query("a\u00A0b"));
        assertEquals("a b", query("a\u3000b"));
        assertEquals("a b", query("a\u2003b"));
        assertEquals("ab", query("a\u200Bb"), "U+200B is in B.1 and C.1.2; B.1 wins");
        assertEquals("ab", query("a\uFEFFb\uFE0F"));
        assertEquals("a  b", query("a  b"), "ASCII spaces stay");
        assertEquals("", query("\u00AD"), "the result may be empty; callers decide");
    }

    @Test
    void normalizesToNfkc_rfc4013section2_2() {
        assertEquals("AB", query("\uFF21\uFF22"), "full-width letters");
        assertEquals("\u00E9", query("e\u0301"), "composed");
        assertEquals("fi", query("\uFB01"), "ligature");
        assertEquals("p\u00E4ssw\u00F6rd", query("pa\u0308ssw\u00F6rd"));
    }

    @Test
    void prohibitedOutput_rfc4013section2_3() {
        refused("a\u0000b", false); // C.2.1
        refused("a\u007Fb", false); // C.2.1
        refused("a\u0085b", false); // C.2.2
        refused("a\u2028b", false); // C.2.2
        refused("a\uE000b", false); // C.3 private use
        refused("a\uDB80\uDC00b", false); // C.3 plane 15 private use (U+F0000)
        refused("a\uFFFFb", false); // C.4 non-character
        refused("a\uFDD0b", false); // C.4
        refused("a\uD800b", false); // C.5 lone surrogate
        refused("a\uDC00", false); // C.5 lone low surrogate at the end
        refused("a\uFFFDb", false); // C.6
        refused("a\u2FF0b", false); // C.7
        refused("a\u200Eb", false); // C.8 LRM
        refused("a\u202Eb", false); // C.8 RLO
        refused("a\uDB40\uDC01b", false); // C.9 LANGUAGE TAG U+E0001
    }

    @Test
    void bidiRules_rfc3454section6() {
        assertEquals("\u0627\u0628", query("\u0627\u0628"));
        assertEquals("\u05D0 1 \u05D1", query("\u05D0 1 \u05D1"), "neutral and numbers inside RandAL text are fine");
        refused("\u0627a\u0628", false); // RandAL with L
        refused("a\u0627", false); // RandAL not first
        refused("\u0627 ", false); // RandAL not last
        assertEquals("abc 123", query("abc 123"));
    }

    @Test
    void unassignedCodePoints_rfc4013section2_5_rfc3454section7() {
        // U+0221 was unassigned in Unicode 3.2 (table A.1).
        assertEquals("a\u0221b", query("a\u0221b"), "a query lets it through");
        refused("a\u0221b", true); // a stored string refuses it
        // U+2C7C (Unicode 5.1) has a compatibility decomposition today, but none in Unicode 3.2:
        // a query keeps it as it is, and the text around it is still normalized.
        assertEquals("\u00E9\u2C7C\u00E9", query("e\u0301\u2C7Ce\u0301"));
        refused("\u2C7C", true);
        // A supplementary code point unassigned in 3.2 (U+1F600).
        assertEquals("x\uD83D\uDE00", query("x\uD83D\uDE00"));
        refused("x\uD83D\uDE00", true);
    }

    @Test
    void supplementaryAssignedCodePointsAreFine() {
        assertEquals("\uD835\uDC00".length(), 2);
        assertEquals("A", query("\uD835\uDC00"), "MATHEMATICAL BOLD CAPITAL A is NFKC A");
        assertEquals("\uD840\uDC00", stored("\uD840\uDC00"), "CJK Ext. B U+20000 is assigned in 3.2");
    }

    @Test
    void inputIsBounded() {
        assertEquals(Saslprep.MAX_INPUT_CHARS, query("a".repeat(Saslprep.MAX_INPUT_CHARS)).length());
        refused("a".repeat(Saslprep.MAX_INPUT_CHARS + 1), false);
    }
}
