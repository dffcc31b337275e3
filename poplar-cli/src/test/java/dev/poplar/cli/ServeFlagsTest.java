// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.maildir.passwd.UsersFile;
import dev.poplar.server.LockPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The issue 4 flags of {@code poplar serve} (stable contract), and issue 6's {@code --auth-cache-ttl}:
 * parsed, checked, and carried in ServerSettings.
 */
class ServeFlagsTest {
    @TempDir
    Path tmp;

    private static final String[] REQUIRED = {"--listen", "127.0.0.1:0", "--maildir-root", "/m", "--users", "/u"};

    /** Parses like picocli does inside {@code poplar serve}, without starting anything. */
    private static ServeCommand parse(Properties config, String... flags) {
        ServeCommand serve = new ServeCommand();
        CommandLine cmd = new CommandLine(serve);
        if (config != null) cmd.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(config));
        cmd.parseArgs(Stream.concat(Stream.of(REQUIRED), Stream.of(flags)).toArray(String[]::new));
        assertNull(serve.problem());
        return serve;
    }

    private static ServerSettings.Extensions extensions(String... flags) {
        return parse(null, flags).settings().extensions();
    }

    @Test
    void withoutTheFlagsEverythingIsOffAsTheIssueSays() {
        assertEquals(ServerSettings.Extensions.DEFAULTS, extensions());
        assertEquals(new ServerSettings.Extensions(LockPolicy.SNAPSHOT, 60, false, -1, false, 1800, true), extensions(),
                "snapshot locking, 60 s takeover, no MULTI-LINE-IND, EXPIRE NEVER, no CAPA-VERSION, 30 min SLEEP, UID lookup on");
    }

    @Test
    void everyFlagReachesTheSettings_issue4() {
        assertEquals(new ServerSettings.Extensions(LockPolicy.EXCLUSIVE, 15, true, 30, true, 120, false),
                extensions("--lock", "exclusive", "--lock-takeover", "15", "--multi-line-ind", "--expire-days", "30",
                        "--capa-version", "--sleep-timeout", "120", "--no-uid-lookup"));
    }

    @Test
    void lockIsCaseInsensitiveAndExpireAcceptsNever() {
        assertEquals(LockPolicy.EXCLUSIVE, extensions("--lock", "EXCLUSIVE").lock());
        assertEquals(LockPolicy.SNAPSHOT, extensions("--lock", "Snapshot").lock());
        assertEquals(-1, extensions("--expire-days", "NEVER").expireDays());
        assertEquals(0, extensions("--expire-days", "0").expireDays());
    }

    @Test
    void configKeysAreTheOptionNamesWithoutDashes() {
        Properties p = new Properties();
        p.setProperty("lock", "exclusive");
        p.setProperty("lock-takeover", "5");
        p.setProperty("multi-line-ind", "true");
        p.setProperty("expire-days", "7");
        p.setProperty("capa-version", "true");
        p.setProperty("sleep-timeout", "900");
        p.setProperty("no-uid-lookup", "true");
        assertEquals(new ServerSettings.Extensions(LockPolicy.EXCLUSIVE, 5, true, 7, true, 900, false),
                parse(p).settings().extensions());
        assertEquals(LockPolicy.SNAPSHOT, parse(p, "--lock", "snapshot").settings().extensions().lock(), "the command line wins");
    }

    @Test
    void theToolAcceptsTheKeysInAConfigFile() throws Exception {
        Path config = tmp.resolve("poplar.conf");
        Files.writeString(config, """
                lock = exclusive
                lock-takeover = 5
                multi-line-ind = true
                expire-days = 7
                capa-version = true
                sleep-timeout = 900
                no-uid-lookup = true
                """, StandardCharsets.UTF_8);
        // Known keys, valid values: it gets as far as the (missing) maildir root.
        Cli r = Cli.run("serve", "--config", config.toString(), "--listen", "127.0.0.1:0",
                "--maildir-root", tmp.resolve("none").toString(), "--users", tmp.resolve("u").toString());
        assertEquals(ExitCodes.CONFIG, r.status(), r.err());
        assertTrue(r.err().contains("not a directory"), r.err());
    }

    @Test
    void badValuesAreUsageErrors() {
        for (List<String> bad : List.of(List.of("--lock", "bogus"), List.of("--lock", ""), List.of("--expire-days", "soon"),
                List.of("--expire-days", "-1"), List.of("--sleep-timeout", "0"), List.of("--sleep-timeout", "x"),
                List.of("--lock-takeover", "-1"))) {
            String[] args = Stream.concat(Stream.of("serve"), Stream.concat(Stream.of(REQUIRED), bad.stream())).toArray(String[]::new);
            Cli r = Cli.run(args);
            assertEquals(ExitCodes.USAGE, r.status(), bad + ": " + r.err());
        }
        assertTrue(Cli.run("serve", "--lock", "bogus").err().contains("snapshot' or 'exclusive"));
    }

    @Test
    void authCacheTtlDefaultsToFiveMinutesAndZeroTurnsItOff_issue6() {
        assertEquals(300, parse(null).settings().authCacheTtlSeconds());
        assertEquals(UsersFile.DEFAULT_CACHE_TTL.toSeconds(), parse(null).settings().authCacheTtlSeconds(),
                "the CLI default is the library's");
        assertEquals(60, parse(null, "--auth-cache-ttl", "60").settings().authCacheTtlSeconds());
        assertEquals(0, parse(null, "--auth-cache-ttl", "0").settings().authCacheTtlSeconds());
        Properties p = new Properties();
        p.setProperty("auth-cache-ttl", "30");
        assertEquals(30, parse(p).settings().authCacheTtlSeconds(), "also a config-file key");
        for (String bad : List.of("-1", "soon", "")) {
            Cli r = Cli.run(Stream.concat(Stream.of("serve"), Stream.concat(Stream.of(REQUIRED),
                    Stream.of("--auth-cache-ttl", bad))).toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.status(), bad + ": " + r.err());
        }
        assertTrue(Cli.run("serve", "--help").out().contains("--auth-cache-ttl=SECONDS"));
    }

    @Test
    void helpDescribesTheFlags() {
        Cli r = Cli.run("serve", "--help");
        for (String flag : List.of("--lock", "--lock-takeover", "--multi-line-ind", "--expire-days", "--capa-version",
                "--sleep-timeout", "--no-uid-lookup", "IN-USE", "EXPIRE", "poplar expire")) {
            assertTrue(r.out().contains(flag), flag + " in\n" + r.out());
        }
    }
}
