// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.cli.fetch.AccountsFile;
import dev.poplar.cli.fetch.AccountsFile.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5: {@code poplar fetch --accounts FILE}, several accounts in one file. */
class FetchAccountsTest {

    @TempDir
    Path tmp;

    private Path home() {
        return tmp.resolve("home");
    }

    private Path write(String text) throws Exception {
        Path f = tmp.resolve("accounts.conf");
        Files.writeString(f, text);
        return f;
    }

    private List<Account> parse(String text) throws Exception {
        return AccountsFile.parse(write(text), home());
    }

    private String error(String text) throws Exception {
        Path f = write(text);
        AccountsFile.InvalidException e = assertThrows(AccountsFile.InvalidException.class, () -> AccountsFile.parse(f, home()));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage().substring(f.toString().length());
    }

    @Test
    void parsesSeveralAccountsWithDefaultsAndTildes_issue5() throws Exception {
        List<Account> accounts = parse("""
                # my mail
                [account work]
                host = pop.example.org
                port = 995
                user = alice
                password-file = ~/.config/poplar/work.pass
                tls = IMPLICIT
                ca-file = ~/ca.pem
                to = maildir:~/Maildir
                keep = yes
                delete-after-days = 30
                state = ~/fetch/work.state

                ; second one, minimal
                [ account home-2 ]
                  host=pop.home.net
                  user = a@b
                  password-file = /etc/pass
                  to = mda:/usr/bin/procmail -d #me
                """);
        assertEquals(2, accounts.size());
        Account w = accounts.get(0);
        assertEquals(new Account("work", "pop.example.org", 995, "alice", home().resolve(".config/poplar/work.pass"),
                "implicit", home().resolve("ca.pem"), "maildir:" + home().resolve("Maildir"), null, true, 30,
                home().resolve("fetch/work.state")), w);
        Account h = accounts.get(1);
        assertEquals(new Account("home-2", "pop.home.net", null, "a@b", Path.of("/etc/pass"), "starttls", null,
                "mda:/usr/bin/procmail -d #me", null, false, null,
                home().resolve(".local/state/poplar/fetch/home-2.state")), h);
    }

    @Test
    void mboxPathAndCrlfAndLmtp_issue5() throws Exception {
        List<Account> a = parse("[account x]\r\nhost = h\r\nuser = u\r\npassword-file = ~\r\nto = mbox:~/mail/inbox\r\n"
                + "keep = false\r\n[account y]\r\nhost = h\r\nuser = u\r\npassword-file = p\r\nto = lmtp:127.0.0.1:24\r\n"
                + "lmtp-recipient = u@example.org\r\n");
        assertEquals("mbox:" + home().resolve("mail/inbox"), a.get(0).to());
        assertEquals(home(), a.get(0).passwordFile());
        assertFalse(a.get(0).keep());
        assertEquals("lmtp:127.0.0.1:24", a.get(1).to());
        assertEquals("u@example.org", a.get(1).lmtpRecipient());
    }

    private static final String OK = "[account a]\nhost = h\nuser = u\npassword-file = p\nto = maildir:m\n";

    @Test
    void unknownKeyIsRefusedWithItsLine_issue5() throws Exception {
        assertEquals(":6: unknown key pasword (known: ca-file, delete-after-days, host, keep, lmtp-recipient,"
                + " password-file, port, state, tls, to, user)", error(OK + "pasword = x\n"));
    }

    @Test
    void missingRequiredKeyNamesAccountAndSectionLine_issue5() throws Exception {
        assertEquals(":7: account b lacks the required key password-file",
                error(OK + "\n[account b]\nhost = h\nuser = u\nto = maildir:m\n"));
        assertEquals(":1: account a lacks the required key host", error("[account a]\n"));
    }

    @Test
    void badValuesAreRefusedWithTheirLine_issue5() throws Exception {
        assertEquals(":6: port must be a whole number, got pop3", error(OK + "port = pop3\n"));
        assertEquals(":6: port must be 1 to 65535, got 0", error(OK + "port = 0\n"));
        assertEquals(":6: tls must be none, starttls or implicit, got ssl", error(OK + "tls = ssl\n"));
        assertEquals(":6: keep must be yes, no, true or false, got maybe", error(OK + "keep = maybe\n"));
        assertEquals(":6: delete-after-days needs keep = yes in account a", error(OK + "delete-after-days = 3\n"));
        assertEquals(":7: delete-after-days must be >= 0, got -1", error(OK + "keep = yes\ndelete-after-days = -1\n"));
        assertEquals(":6: key host repeated (first on line 2)", error(OK + "host = other\n"));
        assertEquals(":6: key state has no value", error(OK + "state =\n"));
    }

    @Test
    void structuralErrors_issue5() throws Exception {
        assertEquals(":1: key host before the first [account NAME] section", error("host = h\n" + OK));
        assertEquals(":6: expected key = value, got keep", error(OK + "keep\n"));
        assertEquals(":1: expected a section header like [account NAME] (NAME: letters, digits, . _ -), got [work]",
                error("[work]\n"));
        assertEquals(":1: expected a section header like [account NAME] (NAME: letters, digits, . _ -), got [account ../x]",
                error("[account ../x]\n"));
        assertEquals(":6: account a is defined twice", error(OK + OK));
        assertEquals(": no [account NAME] section", error("# nothing\n\n"));
    }

    @Test
    void unreadableFileSaysWhich_issue5() {
        Path missing = tmp.resolve("nope.conf");
        Exception e = assertThrows(java.io.IOException.class, () -> AccountsFile.parse(missing, home()));
        assertTrue(e.getMessage().startsWith("cannot read the accounts file " + missing), e.getMessage());
    }
}
