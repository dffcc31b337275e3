// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import static dev.poplar.server.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.testing.InMemoryStore;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection limits over loopback (issue 3): total with shedding, per address, per user. */
@Timeout(30)
class ConnectionLimitBehaviourTest {

    @Test
    void atTheLimitANewClientGetsSysTempWhenEveryoneIsLoggedIn_issue3() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).maxConnections(1)
                .shutdownGrace(Duration.ZERO).start();
             Socket first = connect(server)) {
            readLine(first.getInputStream());
            login(first.getInputStream(), first.getOutputStream(), "alice", "secret");
            try (Socket second = connect(server)) {
                assertEquals("-ERR [SYS/TEMP] Too many connections; try again later.", readLine(second.getInputStream()));
                assertNull(readLine(second.getInputStream()), "and it is closed");
            }
            send(first.getOutputStream(), "STAT");
            assertEquals("+OK 3 99", readLine(first.getInputStream()), "the logged-in session is untouched");
        }
    }

    @Test
    void atTheLimitTheOldestUnauthenticatedConnectionGivesWay_issue3() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store).maxConnections(2)
                .shutdownGrace(Duration.ZERO).start();
             Socket loggedIn = connect(server); Socket idle = connect(server)) {
            readLine(loggedIn.getInputStream());
            login(loggedIn.getInputStream(), loggedIn.getOutputStream(), "alice", "secret");
            assertTrue(readLine(idle.getInputStream()).startsWith("+OK"));
            try (Socket newcomer = connect(server)) {
                assertTrue(readLine(newcomer.getInputStream()).startsWith("+OK"), "the newcomer is served");
                assertNull(readLine(idle.getInputStream()), "the idle unauthenticated one was shed");
                login(newcomer.getInputStream(), newcomer.getOutputStream(), "bob", "pw b");
            }
            send(loggedIn.getOutputStream(), "STAT");
            assertEquals("+OK 3 99", readLine(loggedIn.getInputStream()));
        }
    }

    @Test
    void perAddressAndPerUserLimitsAnswerSysTemp_issue3() throws Exception {
        InMemoryStore store = store();
        try (Pop3Server server = Pop3Server.builder().authenticator(store).maildrops(store)
                .maxConnectionsPerAddress(2).maxConnectionsPerUser(1).shutdownGrace(Duration.ZERO).start();
             Socket a = connect(server); Socket b = connect(server)) {
            readLine(a.getInputStream());
            readLine(b.getInputStream());
            try (Socket c = connect(server)) {
                assertEquals("-ERR [SYS/TEMP] Too many connections; try again later.", readLine(c.getInputStream()));
            }
            login(a.getInputStream(), a.getOutputStream(), "alice", "secret");
            send(b.getOutputStream(), "USER alice");
            readLine(b.getInputStream());
            send(b.getOutputStream(), "PASS secret");
            assertEquals("-ERR [SYS/TEMP] Too many sessions for this user; try again later.", readLine(b.getInputStream()));
            assertNull(readLine(b.getInputStream()));
        }
    }
}
