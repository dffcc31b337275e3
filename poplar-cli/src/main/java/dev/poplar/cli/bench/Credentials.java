// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import dev.poplar.maildir.passwd.PasswordHasher;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The users file (Dovecot passwd-file, read by {@code poplar serve --users} and by Dovecot) and the
 * passwords file ({@code name TAB password}, read by the load scenarios) of a data set, both mode 0600.
 * Stateless.
 *
 * <p>Passwords come from the seed, so a data set made again logs in with the same ones. Hashed schemes
 * draw random salts, so their users file differs from run to run (the logins do not).
 */
public final class Credentials {
    private Credentials() {}

    static final int PASSWORD_LENGTH = 16;
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** The password of mailbox {@code name} in the data set with this seed: 16 letters and digits. */
    static String password(long seed, String name) {
        Prng rng = Prng.of(seed, "password:" + name, 0);
        char[] c = new char[PASSWORD_LENGTH];
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[rng.nextInt(ALPHABET.length)];
        return new String(c);
    }

    /**
     * The users-file field of one password: {@code {PLAIN}...} for PLAIN and for the idle users whatever
     * the scheme (hashing 10,000 of them with Argon2id or bcrypt would take an hour, and the idle scenario
     * measures memory, not logins), the project's own hasher otherwise.
     */
    static String field(String scheme, DataSet.Mailbox box, String password) {
        if (scheme.equals("PLAIN") || box.kind() == DataSet.Kind.IDLE) return "{PLAIN}" + password;
        return PasswordHasher.forScheme(scheme).orElseThrow(() -> new IllegalArgumentException("scheme " + scheme))
                .hash(password);
    }

    /** Writes {@code DIR/users} and {@code DIR/passwords}; slow schemes are hashed on all cores. */
    static void write(Path dir, DataSet set) throws IOException {
        List<DataSet.Mailbox> boxes = set.mailboxes();
        String[] passwords = new String[boxes.size()];
        String[] fields = new String[boxes.size()];
        for (int i = 0; i < boxes.size(); i++) passwords[i] = password(set.seed(), boxes.get(i).name());
        IntStream.range(0, boxes.size()).parallel()
                .forEach(i -> fields[i] = field(set.scheme(), boxes.get(i), passwords[i]));
        try (BufferedWriter users = privateFile(dir.resolve(DataSet.USERS_FILE));
                BufferedWriter pw = privateFile(dir.resolve(DataSet.PASSWORDS_FILE))) {
            for (int i = 0; i < boxes.size(); i++) {
                String name = boxes.get(i).name();
                // passwd-file: user:password:uid:gid:gecos:home:shell:extra
                users.write(name + ":" + fields[i] + "::::::\n");
                pw.write(name + "\t" + passwords[i] + "\n");
            }
        }
    }

    /**
     * Reads a passwords file ({@code name TAB password} per line), in file order.
     *
     * @throws IOException when it cannot be read or a line has no tab
     */
    public static Map<String, String> read(Path passwordsFile) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        for (String line : Files.readAllLines(passwordsFile, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) continue;
            int tab = line.indexOf('\t');
            if (tab <= 0) throw new IOException(passwordsFile + ": a line without 'name<TAB>password'");
            all.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return all;
    }

    private static BufferedWriter privateFile(Path file) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] mode = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        // Created 0600 from the start, so the passwords are never readable by others, not even briefly.
        Files.createFile(file, mode);
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }
}
