// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.0 and 1.1 are refused by the server's own settings (RFC 8996, RFC 8997), not merely by the
 * JDK's {@code jdk.tls.disabledAlgorithms}. A separate JVM re-enables them in that property (it is read
 * once per JVM) and runs {@link LegacyProtocolProbe}, which first shows that a plain JSSE server there
 * does accept TLS 1.1, then that ours does not.
 */
class LegacyProtocolTest {
    @TempDir
    Path tmp;

    @Test
    void tls11AndTls10ClientsAreRefused_rfc8996() throws Exception {
        Path security = tmp.resolve("legacy.security");
        // Keeps the JDK's other restrictions but no longer disables TLSv1 and TLSv1.1.
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + security,
                "-cp", System.getProperty("java.class.path"),
                LegacyProtocolProbe.class.getName(),
                Fixtures.path("rsa-cert.pem").toString(), Fixtures.path("rsa-key-pkcs8.pem").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output;
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("the probe JVM did not finish within 120 s");
            }
        } finally {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("control TLSv1.1: accepted"), "the probe can speak TLS 1.1 at all:\n" + output);
        assertTrue(output.contains("poplar TLSv1.1: refused"), output);
        assertTrue(output.contains("poplar TLSv1: refused"), output);
        assertTrue(output.contains("poplar TLSv1.2: accepted"), output);
    }
}
