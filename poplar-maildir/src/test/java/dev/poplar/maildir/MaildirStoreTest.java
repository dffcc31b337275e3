// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** User names never reach outside the root (James CVE-2021-40525, CVE-2022-22931). */
class MaildirStoreTest {
    @TempDir
    Path root;

    @Test
    void maildirOfAUserIsTheDirectoryOfThatNameUnderTheRoot() {
        MaildirStore store = new MaildirStore(root.resolve("a/../mail"));
        assertEquals(root.resolve("mail/bob@example.org"), store.maildirOf("bob@example.org"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "", "..", ".", ".hidden", "-opt", "a\\b", "a b", "a\u0000b", "/abs"})
    void invalidUserNamesAreRejectedBeforeTouchingAPath(String name) {
        MaildirStore store = new MaildirStore(root);
        assertThrows(IllegalArgumentException.class, () -> store.maildirOf(name));
        StoreException e = assertThrows(StoreException.class, () -> store.open(new Account(name)));
        assertEquals(ResponseCode.SYS_PERM, e.code());
    }

    @Test
    void maildirThatIsNotADirectoryIsATemporaryFailure() throws Exception {
        java.nio.file.Files.writeString(root.resolve("carol"), "not a maildir");
        try (var drop = new MaildirStore(root).open(new Account("carol"))) {
            assertEquals(ResponseCode.SYS_TEMP, assertThrows(StoreException.class, drop::list).code());
        }
    }

    @Test
    void nullUserNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MaildirStore(root).maildirOf(null));
    }
}
