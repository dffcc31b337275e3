// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery commands (issue 5: "the message on its stdin, like procmail/maildrop; spooled to disk first"). */
class MdaDestinationTest {
    @TempDir
    Path tmp;

    private final MessageMeta meta = SpoolAndMaildirTest.META;

    private Path message() throws Exception {
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i % 251);
        return Files.write(tmp.resolve("spooled"), bytes);
    }

    @Test
    void exitZeroDeliversTheWholeMessageOnStdin() throws Exception {
        Path spooled = message();
        Path out = tmp.resolve("out dir/received");
        Files.createDirectories(out.getParent());
        new MdaDestination("cat > '" + out + "'", Duration.ofMinutes(1)).deliver(spooled, meta);
        assertArrayEquals(Files.readAllBytes(spooled), Files.readAllBytes(out));
    }

    @Test
    void exit75IsTemporary() throws Exception {
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> new MdaDestination("cat >/dev/null; echo 'quota exceeded' >&2; exit 75", Duration.ofMinutes(1)).deliver(message(), meta));
        assertTrue(e.isTemporary());
        assertTrue(e.getMessage().contains("75") && e.getMessage().contains("quota exceeded"), e.getMessage());
    }

    @Test
    void otherExitIsPermanent() throws Exception {
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> new MdaDestination("exit 1", Duration.ofMinutes(1)).deliver(message(), meta));
        assertEquals(DeliveryException.Kind.PERMANENT, e.kind());
    }

    @Test
    void commandNotFoundIsPermanent() throws Exception {
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> new MdaDestination("/nonexistent/procmail", Duration.ofMinutes(1)).deliver(message(), meta));
        assertEquals(DeliveryException.Kind.PERMANENT, e.kind()); // sh exits 127
    }

    @Test
    void timeoutKillsTheCommandAndIsTemporary() throws Exception {
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> new MdaDestination("sleep 60", Duration.ofMillis(200)).deliver(message(), meta));
        assertTrue(e.isTemporary());
        assertTrue(e.getMessage().contains("timed out"));
    }

    @Test
    void environmentCarriesNoSecrets() throws Exception {
        Path out = tmp.resolve("env");
        new MdaDestination("env > '" + out + "'", Duration.ofMinutes(1)).deliver(message(), meta);
        Set<String> shellOwn = Set.of("PWD", "SHLVL", "_", "OLDPWD");
        Arrays.stream(Files.readString(out).split("\n")).filter(l -> l.contains("=")).map(l -> l.substring(0, l.indexOf('=')))
                .forEach(name -> assertTrue(MdaDestination.KEPT_VARIABLES.contains(name) || shellOwn.contains(name), name));
    }
}
