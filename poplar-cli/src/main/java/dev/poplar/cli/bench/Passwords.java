// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The logins of a data set: {@code DIR/passwords}, one {@code name<TAB>password} per line, as
 * {@code poplar bench generate} writes it (the users file itself may hold only hashes).
 */
final class Passwords {
    private final Map<String, String> byUser;

    private Passwords(Map<String, String> byUser) {
        this.byUser = byUser;
    }

    static Passwords load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(DataSet.PASSWORDS_FILE);
        try {
            return new Passwords(Credentials.read(file));
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist: make a data set with 'poplar bench generate --out " + dataDir + "'");
        }
    }

    /** The password of {@code user}; an error naming the file if the data set has no such user. */
    String of(String user) {
        String password = byUser.get(user);
        if (password == null) throw new IllegalArgumentException("the data set has no user '" + user + "'");
        return password;
    }

    /** Every user whose name starts with {@code prefix}, in file order. */
    List<String> usersStartingWith(String prefix) {
        List<String> users = new ArrayList<>();
        for (String u : byUser.keySet()) {
            if (u.startsWith(prefix)) users.add(u);
        }
        return users;
    }
}
