// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import dev.poplar.server.spi.CredentialStore.SecretKind;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users of one version of the file, by exact name. Immutable, so it is published to readers by a
 * single volatile write.
 *
 * @param users       by name; unmodifiable
 * @param secretKinds what the entries can give challenge-response mechanisms (see {@link #kindsOf})
 * @param stamp       the file version it was read from
 * @param padding     what unknown names are checked against ({@link PaddingReference}); null if no entry can be
 */
record UserTable(Map<String, UserEntry> users, Set<SecretKind> secretKinds, FileStamp stamp, StoredPassword padding) {

    /** Longest line read, in bytes: far above any real entry, and it bounds per-line work. */
    static final int MAX_LINE_BYTES = 8192;

    private static final System.Logger LOG = System.getLogger(UserTable.class.getName());

    UserTable {
        users = Collections.unmodifiableMap(users);
        secretKinds = Set.copyOf(secretKinds);
    }

    /**
     * The secret kinds the entries hold: PLAINTEXT when any entry is {@code {PLAIN}}; SCRAM_SHA_256 when
     * any entry is {@code {SCRAM-SHA-256}} or {@code {PLAIN}} (SCRAM keys can be derived from a plaintext
     * password). One-way hashes give neither.
     */
    static Set<SecretKind> kindsOf(Iterable<UserEntry> entries) {
        Set<SecretKind> kinds = EnumSet.noneOf(SecretKind.class);
        for (UserEntry e : entries) {
            switch (e.password()) {
                case PlainPassword p -> {
                    kinds.add(SecretKind.PLAINTEXT);
                    kinds.add(SecretKind.SCRAM_SHA_256);
                }
                case ScramSha256Hash s -> kinds.add(SecretKind.SCRAM_SHA_256);
                default -> { }
            }
            if (kinds.size() == SecretKind.values().length) break;
        }
        return kinds;
    }

    /**
     * Reads and parses the file. Bad lines are skipped with one warning each, naming the line number and
     * the reason, never the password field.
     *
     * @param stamp taken before reading, so that a change during the read is seen at the next check
     * @throws IOException when the file itself cannot be read
     */
    static UserTable load(Path path, FileStamp stamp) throws IOException {
        // Checked first so that a huge file is refused from its stat, without reading it.
        if (stamp.size() > UsersFileIo.MAX_FILE_BYTES) {
            throw new IOException("users file " + path + " is larger than " + UsersFileIo.MAX_FILE_BYTES + " bytes");
        }
        List<byte[]> lines = UsersFileIo.lines(UsersFileIo.read(path));
        Map<String, UserEntry> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            byte[] raw = lines.get(i);
            int length = UsersFileIo.contentLength(raw);
            if (length > MAX_LINE_BYTES) {
                warn(path, number, "line too long", null);
                continue;
            }
            String line;
            try {
                line = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw, 0, length))
                        .toString();
            } catch (CharacterCodingException e) {
                warn(path, number, "not UTF-8", null);
                continue;
            }
            switch (UserLines.parse(line)) {
                case UserLines.Ignored ignored -> { }
                case UserLines.Skipped s -> warn(path, number, s.reason(), s.name());
                case UserLines.User u -> {
                    // Dovecot keeps the first of duplicate names; so do we, so both servers agree.
                    if (users.putIfAbsent(u.entry().name(), u.entry()) != null) {
                        warn(path, number, "duplicate user name, the first line wins", u.entry().name());
                    }
                }
            }
        }
        return new UserTable(users, kindsOf(users.values()), stamp, PaddingReference.of(users.values()));
    }

    private static void warn(Path path, int line, String reason, String name) {
        if (name == null) {
            LOG.log(Level.WARNING, "users file {0} line {1}: {2}; line skipped", path, Integer.toString(line), reason);
        } else {
            LOG.log(Level.WARNING, "users file {0} line {1} (user {2}): {3}; line skipped",
                    path, Integer.toString(line), name, reason);
        }
    }
}
