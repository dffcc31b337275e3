// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.server.spi.Account;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential tag and the account check at WAKE (seed extension SLEE/WAKE: WAKE checks the account again). */
class CredentialTagTest {
    @TempDir
    Path dir;

    private Path file;
    private UsersFile users;
    private UsersFileEditor editor;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("users");
        editor = new UsersFileEditor(file);
        editor.add("alice", "{PLAIN}secret-one", false);
        editor.add("bob", "{PLAIN}secret-one", false);
        users = UsersFileTest.open(file);
    }

    private Account login(String user, String password) throws Exception {
        return users.authenticate(user, password).orElseThrow();
    }

    @Test
    void theTagIsShortStableAndNotThePasswordField() throws Exception {
        Account a = login("alice", "secret-one");
        assertTrue(a.credentialTag().matches("[0-9a-f]{16}"), a.credentialTag());
        assertFalse(a.credentialTag().contains("secret"));
        assertEquals(a.credentialTag(), login("alice", "secret-one").credentialTag(), "the same for each login");
        assertNotEquals(a.credentialTag(), login("bob", "secret-one").credentialTag(), "one field, two users: two tags");
        assertFalse(a.toString().contains(a.credentialTag()), "the tag stays out of logs");
    }

    @Test
    void anUntouchedAccountStaysValid() throws Exception {
        Account a = login("alice", "secret-one");
        editor.setPassword("bob", "{PLAIN}other"); // a change to someone else
        assertTrue(users.isStillValid(a));
    }

    @Test
    void aChangedPasswordInvalidatesTheSession() throws Exception {
        Account a = login("alice", "secret-one");
        editor.setPassword("alice", "{PLAIN}secret-two");
        assertFalse(users.isStillValid(a));
        Account again = login("alice", "secret-two");
        assertTrue(users.isStillValid(again), "a new login has the new tag");
    }

    @Test
    void aRemovedUserIsNoLongerValidWithOrWithoutATag() throws Exception {
        Account a = login("alice", "secret-one");
        editor.remove("alice");
        assertFalse(users.isStillValid(a));
        assertFalse(users.isStillValid(new Account("alice")), "SASL and APOP accounts carry no tag");
        assertFalse(users.isStillValid(new Account("nobody")));
    }

    @Test
    void anAccountWithoutATagIsCheckedForExistenceOnly() throws Exception {
        editor.setPassword("alice", "{PLAIN}secret-two");
        assertTrue(users.isStillValid(new Account("alice")));
    }

    @Test
    void onlyThePasswordFieldCountsNotTheExtraFields() throws Exception {
        Account a = login("alice", "secret-one");
        // Marking the maildrop read-only is not a credential change.
        String content = Files.readString(file, StandardCharsets.UTF_8).replace("alice:{PLAIN}secret-one", "alice:{PLAIN}secret-one::::::readonly=yes");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertTrue(users.find("alice").orElseThrow().readOnly(), "the change was read");
        assertTrue(users.isStillValid(a));
    }
}
