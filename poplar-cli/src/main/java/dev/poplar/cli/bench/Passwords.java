// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        Path file = dataDir.resolve("passwords");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist: make a data set with 'poplar bench generate --out " + dataDir + "'");
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int tab = line.indexOf('\t');
            if (tab <= 0) throw new IOException(file + ": a line without 'name<TAB>password'");
            users.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return new Passwords(users);
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
