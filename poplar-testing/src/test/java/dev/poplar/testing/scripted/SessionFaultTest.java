// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import static dev.poplar.testing.scripted.DefaultBehaviourTest.twoMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** QUIT outcomes, greetings and stalls (client-anchors.md sections 0 item 1, 2; EAST "others"). */
class SessionFaultTest {

    private static String deleteBothAndQuit(ScriptedPop3Server server) throws Exception {
        try (Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            c.cmd("DELE 1");
            c.cmd("DELE 2");
            c.send("QUIT\r\n");
            return c.rest();
        }
    }

    @Test
    void dropOnQuitClosesWithoutReplyAndWithoutCommitting_labDropOnQuit() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.dropOnQuit()).start()) {
            assertEquals("", deleteBothAndQuit(server));
            assertEquals(List.of(), server.mailbox().deletedUids());
            assertEquals(List.of("uid-1", "uid-2"), server.mailbox().uids());
        }
    }

    @Test
    void commitThenDropOnQuitCommitsButSendsNoReply_labCommitThenDrop() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.commitThenDropOnQuit()).start()) {
            assertEquals("", deleteBothAndQuit(server));
            assertEquals(List.of("uid-1", "uid-2"), server.mailbox().deletedUids());
            assertEquals(List.of(), server.mailbox().uids());
        }
    }

    @Test
    void quitRefusedAnswersErrAndCommitsNothing_angusSwallowsIt() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.quitRefused()).start()) {
            assertEquals("-ERR [SYS/TEMP] could not remove deleted messages\r\n", deleteBothAndQuit(server));
            assertEquals(List.of(), server.mailbox().deleted());
        }
    }

    @Test
    void tempFailGreetingThenClose_rfc3206() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.tempFailGreeting()).start(); Raw c = new Raw(server.port())) {
            assertEquals("-ERR [SYS/TEMP] server busy, try later\r\n", c.rest());
        }
    }

    @Test
    void stallOnAVerbAnswersNothingButRecords_thunderbird2020627() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.stallOn("PASS")).start(); Raw c = new Raw(server.port())) {
            c.line();
            assertEquals("+OK send PASS\r\n", c.cmd("USER alice"));
            c.send("PASS secret\r\nNOOP\r\n");
            assertTrue(c.silentFor(200));
            c.close();
            server.close(); // waits for the session, so the list below is complete
            assertEquals(List.of("USER alice", "PASS secret", "NOOP"), server.commands());
        }
    }

    @Test
    void stallBeforeGreetingAndCloseEndsTheStall() throws Exception {
        ScriptedPop3Server server = twoMessages().fault(Fault.stallBeforeGreeting()).start();
        try (Raw c = new Raw(server.port())) {
            assertTrue(c.silentFor(200));
            server.close(); // must not hang on the stalled session
            assertEquals("", c.rest());
        }
    }
}
