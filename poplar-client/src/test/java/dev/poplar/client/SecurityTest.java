// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import static dev.poplar.client.FakeServer.greet;
import static dev.poplar.client.FakeServer.loggedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** TLS policy and secret handling (RFC 2595, protocol.md §9, client-anchors §5.11-12). */
class SecurityTest {
    @Test
    void startTlsRequiredButNotOffered_failsAndSendsNothingSecret() throws Exception {
        try (FakeServer s = new FakeServer(p -> {
                greet(p, "USER");
                p.read(); // whatever the client sends next (it should close)
            })) {
            assertThrows(SecurityPolicyException.class,
                    () -> Pop3Client.connect(s.config().security(ClientConfig.Security.STARTTLS).build()));
            s.join();
            assertEquals(List.of("CAPA"), s.received);
        }
    }

    @Test
    void startTlsRefused_isTypedErrorNotPlaintext() throws Exception {
        try (FakeServer s = new FakeServer(p -> {
                greet(p, "STLS").expect("STLS").send("-ERR not now\r\n");
                p.read();
            })) {
            assertThrows(SecurityPolicyException.class,
                    () -> Pop3Client.connect(s.config().security(ClientConfig.Security.STARTTLS).build()));
            s.join();
            assertEquals(List.of("CAPA", "STLS"), s.received);
        }
    }

    @Test
    void plaintextLoginRefusedWithoutTls_nothingSent() throws Exception {
        try (FakeServer s = new FakeServer(p -> {
                greet(p, "USER");
                p.read();
            });
             Pop3Client c = Pop3Client.connect(s.config().build())) {
            assertThrows(SecurityPolicyException.class, () -> c.login("alice", "secret"));
            assertThrows(SecurityPolicyException.class, () -> c.authenticate(Mechanism.PLAIN, "alice", "secret"));
            c.close();
            s.join();
            assertEquals(List.of("CAPA"), s.received);
        }
    }

    @Test
    void traceRedactsPasswordAndSaslPayloads_byState() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        try (FakeServer s = new FakeServer(p -> {
                greet(p, "USER", "SASL PLAIN LOGIN").expect("AUTH LOGIN").send("+ VXNlcm5hbWU6\r\n")
                        .expect("").send("+ UGFzc3dvcmQ6\r\n").expect("").send("-ERR [AUTH] no\r\n")
                        .expect("AUTH PLAIN").send("-ERR [AUTH] no\r\n")
                        .expect("USER").send("+OK\r\n").expect("PASS").send("+OK\r\n").expect("CAPA").send("+OK\r\n.\r\n");
            });
             Pop3Client c = Pop3Client.connect(s.config().allowPlaintextLogin(true).trace(trace::add).build())) {
            Pop3Exception e = assertThrows(Pop3Exception.class, () -> c.authenticate(Mechanism.LOGIN, "alice", "hunter2 x"));
            assertEquals(dev.poplar.protocol.ResponseCode.AUTH, e.code());
            assertThrows(Pop3Exception.class, () -> c.authenticate(Mechanism.PLAIN, "alice", "hunter2 x"));
            c.login("alice", "hunter2 x");
        }
        String all = String.join("\n", trace);
        assertFalse(all.contains("hunter2"), all);
        assertFalse(all.contains("aHVudGVy"), all); // base64 of the password
        assertFalse(all.contains("AGFsaWNl"), all); // PLAIN payload
        assertFalse(all.contains("YWxpY2U"), all); // base64 "alice" (LOGIN user name)
        assertTrue(all.contains("C: PASS <redacted>"), all);
        assertTrue(all.contains("C: AUTH PLAIN <redacted>"), all);
    }

    @Test
    void commandInjectionInArguments_refused() throws Exception {
        try (FakeServer s = new FakeServer(p -> {
                greet(p, "USER");
                p.read();
            });
             Pop3Client c = Pop3Client.connect(s.config().allowPlaintextLogin(true).build())) {
            assertThrows(IllegalArgumentException.class, () -> c.login("alice\r\nDELE 1", "x"));
        }
    }

    @Test
    void unverifiedScramSuccess_isRefused_rfc5802_3() throws Exception {
        try (FakeServer s = new FakeServer(p -> {
                greet(p, "SASL SCRAM-SHA-256");
                String first = p.read(); // AUTH SCRAM-SHA-256 <client-first>
                String cf = new String(java.util.Base64.getDecoder().decode(first.substring(first.lastIndexOf(' ') + 1)));
                String nonce = cf.substring(cf.indexOf("r=") + 2);
                String serverFirst = "r=" + nonce + "srv,s=" + java.util.Base64.getEncoder().encodeToString(new byte[16]) + ",i=4096";
                p.send("+ " + java.util.Base64.getEncoder().encodeToString(serverFirst.getBytes()) + "\r\n");
                p.read();
                p.send("+OK logged in without proving anything\r\n"); // a false server skips server-final
                p.read();
            });
             Pop3Client c = Pop3Client.connect(s.config().build())) {
            assertThrows(ProtocolException.class, () -> c.authenticate(Mechanism.SCRAM_SHA_256, "alice", "pw"));
        }
    }
}
