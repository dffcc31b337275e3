// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import dev.poplar.protocol.MessageEncoder;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.Maildrop;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.MessageInfo;
import dev.poplar.server.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The smallest store for a whole-server RETR benchmark: one account ({@value #USER}, password the same)
 * whose maildrop is one file, opened the way MaildirMaildrop opens messages. Nothing is ever deleted.
 * Thread-safe (immutable).
 */
final class OneMessageStore implements Authenticator, MaildropProvider {
    static final String USER = "bench";

    private final Path file;
    private final MessageInfo info;

    OneMessageStore(Path file) throws IOException {
        this.file = file;
        try (InputStream in = Files.newInputStream(file)) {
            this.info = new MessageInfo("bench-1", MessageEncoder.wireSize(in));
        }
    }

    @Override
    public Optional<Account> authenticate(String user, String password) {
        return USER.equals(user) && USER.equals(password) ? Optional.of(new Account(USER)) : Optional.empty();
    }

    @Override
    public Maildrop open(Account account) {
        return new Maildrop() {
            @Override
            public List<MessageInfo> list() {
                return List.of(info);
            }

            @Override
            public InputStream open(MessageInfo message) throws StoreException {
                try {
                    return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw StoreException.temporary("cannot open the benchmark message", e);
                }
            }

            @Override
            public void delete(Collection<MessageInfo> messages) {
                // The benchmark session never sends DELE.
            }

            @Override
            public void close() {}
        };
    }
}
