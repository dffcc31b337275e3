// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import static dev.poplar.server.security.ScramClient.b64;
import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.server.NetworkSet;
import dev.poplar.server.Pop3Server;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User enumeration (RFC 1939 §13, RFC 5802 §9, protocol.md §2): an attacker compares what an unknown
 * user and a known user with a wrong password get, byte for byte, on every login method, and the
 * delays the brute-force guard charges for each.
 */
@Timeout(60)
class UserEnumerationTest {

    /** Every reply of one failed attempt per method, as the client saw them. */
    private static List<String> failEveryMethod(Pop3Server server, String user, String password) throws Exception {
        List<String> replies = new ArrayList<>();
        try (Client c = Client.tls(server.tlsPort())) {
            String greeting = c.greeting();
            replies.add(c.command("USER " + user));
            replies.add(c.command("PASS " + password));
            // A different password per method, so that no attempt repeats an earlier one (repeats do not escalate).
            replies.add(c.command("AUTH PLAIN " + b64(("\0" + user + "\0" + password + "-p").getBytes(StandardCharsets.UTF_8))));
            replies.add(c.command("AUTH LOGIN"));
            replies.add(c.sasl(user.getBytes(StandardCharsets.UTF_8)));
            replies.add(c.sasl((password + "-l").getBytes(StandardCharsets.UTF_8)));
            String timestamp = greeting.substring(greeting.lastIndexOf('<'));
            replies.add(c.command("APOP " + user + " " + md5Hex(timestamp + password)));
            String challenge = c.command("AUTH CRAM-MD5");
            replies.add(c.command(ScramClient.cramMd5(challenge, user, password)));
            ScramClient scram = new ScramClient(user, "n,,", new byte[0]);
            String first = scram.readServerFirst(c.command("AUTH SCRAM-SHA-256 " + scram.first()));
            replies.add(first.replaceAll("r=[^,]*,s=[^,]*,", "r=<nonce>,s=<salt>,"));
            replies.add(c.command(scram.finalMessage(password)));
        }
        return replies;
    }

    static String md5Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unknownUserAndWrongPasswordGetByteIdenticalReplies_rfc1939section13() throws Exception {
        // Attack: tell which accounts exist from the replies of USER/PASS, AUTH PLAIN, LOGIN, APOP, CRAM-MD5, SCRAM.
        try (Pop3Server server = Loopback.withTls(Loopback.store()).apop(true).start()) {
            List<String> unknown = failEveryMethod(server, "mallory", "guess-1");
            List<String> wrong = failEveryMethod(server, "alice", "guess-1");
            assertEquals(unknown, wrong);
            assertEquals("+OK Send your password.", unknown.get(0), "USER never tells");
            long failures = unknown.stream().filter("-ERR [AUTH] Invalid user name or password."::equals).count();
            assertEquals(6, failures, "PASS, PLAIN, LOGIN, APOP, CRAM-MD5 and SCRAM all failed the same way: " + unknown);
        }
    }

    @Test
    void scramGivesAnUnknownUserAStableSaltAndFailsLikeAWrongPassword_rfc5802section9() throws Exception {
        // Attack: SCRAM's server-first message (salt, iterations) or its absence reveals unknown users;
        // a salt that changes per attempt reveals them too.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start()) {
            List<String> salts = new ArrayList<>();
            for (String user : List.of("mallory", "mallory", "alice", "alice")) {
                try (Client c = Client.plain(server.port())) {
                    c.greeting();
                    ScramClient scram = new ScramClient(user, "n,,", new byte[0]);
                    scram.readServerFirst(c.command("AUTH SCRAM-SHA-256 " + scram.first()));
                    assertEquals(4096, scram.iterations(), user);
                    salts.add(scram.salt());
                    assertEquals("-ERR [AUTH] Invalid user name or password.", c.command(scram.finalMessage("guess")), user);
                }
            }
            assertFalse(salts.get(0).isEmpty());
            assertEquals(salts.get(0), salts.get(1), "the same stand-in salt on two attempts");
            assertEquals(salts.get(2), salts.get(3), "like a real user's");
            assertNotEquals(salts.get(0), salts.get(2));
        }
    }

    @Test
    void scramStandInSaltHasTheLengthOfARealOne_rfc5802section9() throws Exception {
        // Attack: compare only the shape of server-first (salt length), not its value.
        try (Pop3Server server = Loopback.plain(Loopback.store()).start()) {
            List<Integer> lengths = new ArrayList<>();
            for (String user : List.of("mallory", "alice")) {
                try (Client c = Client.plain(server.port())) {
                    c.greeting();
                    ScramClient scram = new ScramClient(user, "n,,", new byte[0]);
                    scram.readServerFirst(c.command("AUTH SCRAM-SHA-256 " + scram.first()));
                    lengths.add(java.util.Base64.getDecoder().decode(scram.salt()).length);
                }
            }
            assertEquals(lengths.get(1), lengths.get(0), "salt octets of an unknown user vs alice");
        }
    }

    @Test
    void unknownUserAndWrongPasswordAreChargedTheSameDelays_rfc1939section13() throws Exception {
        // Attack: tell unknown users from the brute-force delays (recorded by a fake sleeper, not timed).
        List<List<Long>> recorded = new ArrayList<>();
        for (String user : List.of("mallory", "alice")) {
            FakeTime time = new FakeTime(true);
            try (Pop3Server server = Loopback.withTls(Loopback.store()).apop(true)
                    .trustedNetworks(NetworkSet.NONE).loginGuard(time.guard()).start()) {
                failEveryMethod(server, user, "guess-2");
            }
            recorded.add(time.seconds());
        }
        assertEquals(FakeTime.seconds(2, 4, 8, 15, 15, 15), recorded.get(0), "unknown user");
        assertEquals(recorded.get(0), recorded.get(1), "wrong password");
    }
}
