// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop.client;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.client.ClientConfig;
import dev.poplar.client.MailboxStatus;
import dev.poplar.client.Mechanism;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.Pop3Exception;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.server.Pop3Server;
import dev.poplar.server.spi.Account;
import dev.poplar.testing.InMemoryStore;
import dev.poplar.testing.scripted.Fault;
import dev.poplar.testing.scripted.ScriptedPop3Server;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 5: every login method of the client against Poplar's own server, and the whole-message timeout. */
@Timeout(60)
class ClientMechanismsTest {

    private static Pop3Server server(InMemoryStore store) {
        // Loopback is a trusted network, so password mechanisms may run without TLS here.
        return Pop3Server.builder().authenticator(store).maildrops(store).apop(true)
                .tokenVerifier((user, token) -> ("token-for-" + user).equals(token) ? Optional.of(new Account(user)) : Optional.empty())
                .start();
    }

    private static Pop3Client connect(Pop3Server server) throws IOException {
        return Pop3Client.connect(ClientConfig.builder("127.0.0.1").port(server.port())
                .security(ClientConfig.Security.NONE).allowPlaintextLogin(true).build());
    }

    @ParameterizedTest
    @EnumSource(Mechanism.class)
    void everyMechanismLogsInAndAWrongSecretIsRefusedWithAuth_rfc5034(Mechanism mechanism) throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "s3cret pass");
        store.deliver("alice", "Subject: x\r\n\r\nbody\r\n");
        boolean token = mechanism == Mechanism.XOAUTH2 || mechanism == Mechanism.OAUTHBEARER;
        try (Pop3Server server = server(store)) {
            try (Pop3Client c = connect(server)) {
                c.authenticate(mechanism, "alice", token ? "token-for-alice" : "s3cret pass");
                MailboxStatus s = c.stat();
                assertEquals(1, s.count(), mechanism.name());
                c.quit();
            }
            try (Pop3Client c = connect(server)) {
                Pop3Exception e = assertThrows(Pop3Exception.class, () -> c.authenticate(mechanism, "alice", "wrong"));
                assertEquals(ResponseCode.AUTH, e.code(), mechanism.name());
            }
        }
    }

    @Test
    void apopUsesTheGreetingTimestamp_rfc1939section7() throws Exception {
        InMemoryStore store = new InMemoryStore().addUser("alice", "s3cret pass");
        try (Pop3Server server = server(store); Pop3Client c = connect(server)) {
            assertNotNull(c.apopTimestamp());
            c.apop("alice", "s3cret pass");
            assertEquals(0, c.stat().count());
        }
    }

    @Test
    void aBodyThatStallsPastTheMessageTimeoutFailsInsteadOfHanging_issue5() throws Exception {
        try (ScriptedPop3Server server = ScriptedPop3Server.builder().user("alice", "pw")
                .message("u1", "Subject: slow\r\n\r\n" + "x".repeat(5000) + "\r\n")
                .fault(Fault.stallRetr(1, 100)).start();
             Pop3Client c = Pop3Client.connect(ClientConfig.builder("127.0.0.1").port(server.port())
                     .security(ClientConfig.Security.NONE).allowPlaintextLogin(true)
                     .messageTimeout(Duration.ofMillis(500)).readTimeout(Duration.ofSeconds(30)).build())) {
            c.login("alice", "pw");
            assertThrows(IOException.class, () -> {
                try (InputStream body = c.retrieve(1)) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }, "a stalled body ends in an error within the message timeout, never a hang or a whole-looking message");
        }
    }
}
