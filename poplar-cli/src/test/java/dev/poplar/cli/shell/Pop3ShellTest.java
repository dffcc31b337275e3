// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.shell;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Issue 5 `poplar shell`: what the trace hides and which replies are multi-line. */
class Pop3ShellTest {
    @Test
    void secretsAreRedacted_issue5() {
        assertEquals("PASS ********", Pop3Shell.redact("PASS secret pw", false));
        assertEquals("pass ********", Pop3Shell.redact("pass x", false));
        assertEquals("APOP alice ********", Pop3Shell.redact("APOP alice c4c9334bac560ecc979e58001b3e22fb", false));
        assertEquals("AUTH PLAIN ********", Pop3Shell.redact("AUTH PLAIN AGFsaWNlAHNlY3JldA==", false));
        assertEquals("AUTH PLAIN", Pop3Shell.redact("AUTH PLAIN", false));
        assertEquals("********", Pop3Shell.redact("AGFsaWNlAHNlY3JldA==", true));
        assertEquals("*", Pop3Shell.redact("*", true), "a SASL cancel is shown");
        assertEquals("USER alice", Pop3Shell.redact("USER alice", false));
    }

    @Test
    void multiLineRepliesAreRecognised_issue5() {
        assertTrue(Pop3Shell.isMultiLine("CAPA", "CAPA", "+OK"));
        assertTrue(Pop3Shell.isMultiLine("LIST", "list", "+OK 2 messages"));
        assertFalse(Pop3Shell.isMultiLine("LIST", "LIST 1", "+OK 1 120"));
        assertFalse(Pop3Shell.isMultiLine("UIDL", "UIDL UID:abc", "+OK 0 abc"));
        assertTrue(Pop3Shell.isMultiLine("RETR", "RETR 1", "+OK 120 octets"));
        assertTrue(Pop3Shell.isMultiLine("TOP", "TOP 1 0", "+OK"));
        assertFalse(Pop3Shell.isMultiLine("STAT", "STAT", "+OK 2 320"));
        assertTrue(Pop3Shell.isMultiLine("XFOO", "XFOO", "+OK here it comes _"), "MULTI-LINE-IND");
    }
}
