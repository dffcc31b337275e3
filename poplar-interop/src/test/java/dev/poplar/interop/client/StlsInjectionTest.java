// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poplar.client.ClientConfig;
import dev.poplar.client.Pop3Client;
import dev.poplar.server.tls.TlsConfig;
import dev.poplar.server.tls.TlsOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * RFC 2595 §4 and protocol.md §9: bytes that arrive with the STLS {@code +OK} were not protected and
 * are discarded, never parsed as replies (the client-side CVE-2021-38084 class). A canned server sends
 * a forged CAPA right behind its {@code +OK}, then does a real handshake.
 */
class StlsInjectionTest {
    @Test
    void junkAfterStlsOk_isDiscarded() throws Exception {
        TlsConfig tls = TlsConfig.load(ClientTlsInteropTest.resource("localhost-cert.pem"),
                ClientTlsInteropTest.resource("localhost-key.pem"), TlsOptions.defaults());
        List<String> afterTls = new CopyOnWriteArrayList<>();
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = ss.accept()) {
                    OutputStream out = s.getOutputStream();
                    // Plain phase read byte by byte so nothing past STLS is buffered here.
                    out.write("+OK hi\r\n".getBytes(StandardCharsets.US_ASCII));
                    readLine(s);
                    out.write("+OK\r\nSTLS\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                    readLine(s);
                    out.write("+OK go\r\n+OK\r\nINJECTED\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    SSLSocket secure = tls.wrap(s);
                    secure.startHandshake();
                    BufferedReader in = new BufferedReader(new InputStreamReader(secure.getInputStream(), StandardCharsets.US_ASCII));
                    afterTls.add(in.readLine());
                    secure.getOutputStream().write("+OK\r\nUSER\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                    secure.getOutputStream().flush();
                    afterTls.add(in.readLine());
                } catch (Exception ignored) {
                    // The assertions below tell what went wrong.
                }
            });
            ClientConfig config = ClientConfig.builder("localhost").port(ss.getLocalPort())
                    .security(ClientConfig.Security.STARTTLS).sslContext(ClientTlsInteropTest.trusting("localhost-cert.pem")).build();
            try (Pop3Client c = Pop3Client.connect(config)) {
                assertTrue(c.isTls());
                assertFalse(c.capabilities().has("INJECTED"), "the injected CAPA was not parsed");
                assertTrue(c.capabilities().has("USER"), "CAPA came from inside TLS");
            }
            t.join(10_000);
            assertEquals("CAPA", afterTls.get(0));
        }
    }

    private static void readLine(Socket s) throws Exception {
        for (int i = 0, c; i < 1000 && (c = s.getInputStream().read()) >= 0 && c != '\n'; i++) {
            // Skip the command.
        }
    }
}
