// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import static dev.poplar.testing.scripted.DefaultBehaviourTest.M1;
import static dev.poplar.testing.scripted.DefaultBehaviourTest.twoMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken LIST/UIDL/STAT answers (client-anchors.md sections 2, 3 and 5 item 7). */
class ListingFaultTest {

    @Test
    void uidsWithSpacesAndDuplicatesAreServedAsGiven_fetchmailTruncation() throws Exception {
        try (ScriptedPop3Server server = ScriptedPop3Server.builder()
                .message("uid-1 with space", M1).message("box 1", M1).message("box 1", M1).start();
                Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            c.cmd("UIDL");
            assertEquals("1 uid-1 with space\r\n2 box 1\r\n3 box 1\r\n.\r\n", c.body());
            assertEquals("+OK 1 uid-1 with space\r\n", c.cmd("UIDL 1"));
            c.cmd("DELE 3");
            c.cmd("QUIT");
            ScriptedMailbox box = server.mailbox();
            assertEquals(List.of("box 1"), box.deletedUids());
            assertEquals(2, box.messages().size(), "the other copy with the same uid stays");
            assertEquals(box.messages().get(1).uid(), "box 1");
        }
    }

    @Test
    void extraLinesOutOfRangeAndRepeatedAndWideSpacing_thunderbirdAndroid323() throws Exception {
        try (ScriptedPop3Server server = twoMessages()
                .fault(Fault.extraListingLine("UIDL", "7 ghost"), Fault.extraListingLine("LIST", "1 46"), Fault.listingSpaces(3))
                .start();
                Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            c.cmd("UIDL");
            assertEquals("1   uid-1\r\n2   uid-2\r\n7 ghost\r\n.\r\n", c.body());
            c.cmd("LIST");
            assertEquals("1   46\r\n2   23\r\n1 46\r\n.\r\n", c.body());
            assertEquals("+OK 2   uid-2\r\n", c.cmd("UIDL 2"));
        }
    }

    @Test
    void noUidlAtAll_thunderbird1789314() throws Exception {
        try (ScriptedPop3Server server = twoMessages().fault(Fault.noUidl()).start(); Raw c = new Raw(server.port())) {
            c.line();
            c.cmd("CAPA");
            assertEquals("TOP\r\nUSER\r\nPIPELINING\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nIMPLEMENTATION ScriptedPop3Server\r\n.\r\n", c.body());
            c.login();
            assertEquals("-ERR unknown command\r\n", c.cmd("UIDL"));
            assertEquals("-ERR unknown command\r\n", c.cmd("UIDL 1"));
        }
    }

    @Test
    void hostileSizes_statAndListLie() throws Exception {
        try (ScriptedPop3Server server = twoMessages()
                .fault(Fault.statClaims(1_000_000_000_000L, 9_000_000_000_000_000L), Fault.listSize(1, 5), Fault.listSize(2, Long.MAX_VALUE))
                .start();
                Raw c = new Raw(server.port())) {
            c.line();
            c.login();
            assertEquals("+OK 1000000000000 9000000000000000\r\n", c.cmd("STAT"));
            c.cmd("LIST");
            assertEquals("1 5\r\n2 9223372036854775807\r\n.\r\n", c.body());
            assertEquals("+OK 1 5\r\n", c.cmd("LIST 1"));
            assertEquals("+OK 46 octets\r\n", c.cmd("RETR 1"), "RETR still sends the real message");
            assertEquals(M1.replace("\r\n.", "\r\n..") + ".\r\n", c.body());
        }
    }
}
