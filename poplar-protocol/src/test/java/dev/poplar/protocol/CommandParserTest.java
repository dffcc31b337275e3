// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private static Command parse(String line) {
        return CommandParser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesEveryRfc1939CommandCaseInsensitively_rfc1939section3() {
        assertEquals(new Command.User("alice"), parse("user alice"));
        assertEquals(new Command.Stat(), parse("STAT"));
        assertEquals(new Command.Stat(), parse("sTaT"));
        assertEquals(new Command.List(Optional.empty()), parse("LIST"));
        assertEquals(new Command.List(Optional.of(new MessageRef.Number(2))), parse("LIST 2"));
        assertEquals(new Command.Retr(new MessageRef.Number(7)), parse("RETR 7"));
        assertEquals(new Command.Dele(new MessageRef.Number(1)), parse("dele 1"));
        assertEquals(new Command.Noop(), parse("NOOP"));
        assertEquals(new Command.Rset(), parse("RSET"));
        assertEquals(new Command.Quit(), parse("QUIT"));
        assertEquals(new Command.Top(new MessageRef.Number(3), 0), parse("TOP 3 0"));
        assertEquals(new Command.Uidl(Optional.empty()), parse("UIDL"));
        assertEquals(new Command.Uidl(Optional.of(new MessageRef.Number(9))), parse("UIDL 9"));
        assertEquals(new Command.Capa(), parse("CAPA"));
    }

    @Test
    void uidSelectorsAndTheSeedCommands_protocol7() {
        assertEquals(new Command.Retr(new MessageRef.Uid("abc.123")), parse("RETR UID:abc.123"));
        assertEquals(new Command.Dele(new MessageRef.Uid("Ab")), parse("dele uid:Ab"), "prefix case-insensitive, id exact");
        assertEquals(new Command.Deli(new MessageRef.Number(4)), parse("DELI 4"));
        assertEquals(new Command.Top(new MessageRef.Uid("x"), 0), parse("TOP UID:x 0"));
        assertEquals(new Command.List(Optional.of(new MessageRef.Uid("../bob/new/x"))), parse("LIST UID:../bob/new/x"));
        assertEquals(new Command.Uidl(Optional.of(new MessageRef.Uid(""))), parse("UIDL UID:"));
        assertEquals(new Command.Slee(), parse("SLEE"));
        assertEquals(new Command.Wake(), parse("wake"));
        assertEquals(new Command.Qaut(), parse("QAUT"));
        assertInstanceOf(Command.Invalid.class, parse("RETR ID:abc"));
        assertInstanceOf(Command.Invalid.class, parse("SLEE now"));
        assertFalse(parse("RETR UID:secret-id").toString().contains("secret-id"), "client ids stay out of logs");
    }

    @Test
    void passwordKeepsItsSpacesAndTabs_rfc1939section7() {
        assertEquals(new Command.Pass(" two  spaces\tand tab "), parse("PASS  two  spaces\tand tab "));
        assertEquals(new Command.User("name with space"), parse("USER name with space"));
    }

    @Test
    void passwordNeverAppearsInToString() {
        assertFalse(parse("PASS hunter2").toString().contains("hunter2"));
        assertFalse(parse("USER alice").toString().contains("alice"));
    }

    @Test
    void tenDigitNumbersAreNumbersElevenAreSyntaxErrors_protocol2() {
        assertEquals(new Command.Retr(new MessageRef.Number(9_999_999_999L)), parse("RETR 9999999999"));
        assertInstanceOf(Command.Invalid.class, parse("RETR 99999999999"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETR", "RETR -1", "RETR +1", "RETR 1a", "RETR 0x1", "DELI", "DELI x", "LIST 1 2", "LIST  1", "LIST ",
            "STAT ", "STAT 1", "TOP 1", "TOP 1 -1", "TOP 1  2", "DELE", "UIDL x", "USER", "USER ", "PASS", "QUIT now",
            "STAT\u0000", "US\u0000ER a", "PASS a\rb", "LIST\t1", "RETR 1\u007f"})
    void malformedCommandsAreInvalid_protocol1and2(String line) {
        assertInstanceOf(Command.Invalid.class, parse(line), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XYZZY", "AB", "HELO", "ST4T", "", " STAT", "APOPX a"})
    void unknownKeywordsAreUnknown_rfc1939section3(String line) {
        assertInstanceOf(Command.Unknown.class, parse(line), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/1.1", "POST /x HTTP/1.0", "head / HTTP/1.1", "PUT /a", "OPTIONS * HTTP/1.1",
            "CONNECT host:443 HTTP/1.1", "XYZ /index.html HTTP/1.1"})
    void httpRequestLinesAreRecognised_protocol1(String line) {
        assertTrue(CommandParser.looksLikeHttp(line.getBytes(StandardCharsets.US_ASCII)), line);
    }

    @Test
    void pop3LinesAreNotHttp() {
        assertFalse(CommandParser.looksLikeHttp("USER getter".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(CommandParser.looksLikeHttp("CAPA".getBytes(StandardCharsets.US_ASCII)));
    }
}
