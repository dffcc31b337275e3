// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.poplar.cli.ExitCodes;
import dev.poplar.protocol.MessageEncoder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code poplar bench generate}: the data set's layout, names, sizes and determinism (the contract of issue 6). */
class GenerateCommandTest {
    @TempDir
    Path tmp;

    /** Dovecot's delivery names: {@code <time>.M<micros>P<pid>.<host>,S=<size>,W=<CRLF size>:2,}. */
    private static final Pattern NAME = Pattern.compile("(\\d{10})\\.M(\\d+)P(\\d+)\\.bench,S=(\\d+),W=(\\d+):2,");

    @Test
    void sameSeedGivesByteIdenticalFilesAndNames() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(ExitCodes.OK, Generated.small(a, "--seed", "7").status());
        assertEquals(ExitCodes.OK, Generated.small(b, "--seed", "7").status());
        List<String> files = Generated.files(a);
        assertEquals(files, Generated.files(b));
        for (String f : files) {
            if (f.equals(DataSet.MANIFEST)) continue; // holds the build's version, otherwise the same too
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }

    @Test
    void differentSeedGivesDifferentNamesBytesAndPasswords() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(ExitCodes.OK, Generated.small(a, "--seed", "1").status());
        assertEquals(ExitCodes.OK, Generated.small(b, "--seed", "2").status());
        List<String> namesA = Generated.files(a.resolve("maildirs/user0001"));
        List<String> namesB = Generated.files(b.resolve("maildirs/user0001"));
        assertEquals(namesA.size(), namesB.size());
        assertTrue(namesA.stream().noneMatch(namesB::contains), "no name in common");
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("maildirs/user0001").resolve(namesA.get(0))),
                Files.readAllBytes(b.resolve("maildirs/user0001").resolve(namesB.get(0)))));
        assertNotEquals(Files.readString(a.resolve("passwords")), Files.readString(b.resolve("passwords")));
    }

    @Test
    void layoutHasEveryMailboxWithItsMessageCount() throws Exception {
        Path dir = tmp.resolve("data");
        Generated r = Generated.small(dir);
        assertEquals(ExitCodes.OK, r.status(), r.err());
        Path maildirs = dir.resolve("maildirs");
        try (Stream<Path> s = Files.list(maildirs)) {
            assertEquals(List.of("bigbox", "bigmessage", "idle00001", "idle00002", "idle00003", "probe", "user0001",
                    "user0002", "user0003"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String box : List.of("user0001", "bigbox", "idle00002", "probe")) {
            for (String sub : List.of("cur", "new", "tmp")) assertTrue(Files.isDirectory(maildirs.resolve(box).resolve(sub)), box + "/" + sub);
        }
        assertEquals(6, count(maildirs.resolve("user0003/cur")));
        assertEquals(50, count(maildirs.resolve("bigbox/cur")));
        assertEquals(5, count(maildirs.resolve("probe/cur")));
        assertEquals(0, count(maildirs.resolve("idle00003/cur")));
        for (String box : List.of("user0001", "bigbox", "bigmessage", "idle00001")) {
            assertEquals(0, count(maildirs.resolve(box).resolve("new")), box + "/new");
            assertEquals(0, count(maildirs.resolve(box).resolve("tmp")), box + "/tmp");
        }
        // About the size asked for: 1 MiB, within a line and a boundary.
        Path big = single(maildirs.resolve("bigmessage/cur"));
        assertTrue(Math.abs(Files.size(big) - (1 << 20)) < 200, "size " + Files.size(big));
        assertTrue(r.out().contains("total"), r.out());
    }

    @Test
    void namesCarryTheFileSizeAndTheCrlfSize_rfc1939section5() throws Exception {
        Path dir = tmp.resolve("data");
        assertEquals(ExitCodes.OK, Generated.small(dir).status());
        List<String> files = Generated.files(dir.resolve("maildirs"));
        assertEquals(3 * 6 + 50 + 1 + 5, files.size());
        for (String f : files) {
            Path file = dir.resolve("maildirs").resolve(f);
            Matcher m = NAME.matcher(file.getFileName().toString());
            assertTrue(m.matches(), f);
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(bytes.length, Long.parseLong(m.group(4)), "S= of " + f);
            // W= is the POP3 size: what Poplar's own encoder counts, and what Dovecot's LIST says.
            assertEquals(MessageEncoder.wireSize(new ByteArrayInputStream(bytes)), Long.parseLong(m.group(5)), "W= of " + f);
            assertEquals('\n', bytes[bytes.length - 1], f + " ends with a line end");
            for (byte b : bytes) assertNotEquals('\r', b, f + " has LF line ends only");
        }
    }

    @Test
    void aProbeMessageHasLinesStartingWithADot_rfc1939section3() throws Exception {
        Path dir = tmp.resolve("data");
        assertEquals(ExitCodes.OK, Generated.small(dir).status());
        Path third = Generated.files(dir.resolve("maildirs/probe")).stream().map(f -> dir.resolve("maildirs/probe").resolve(f))
                .sorted().toList().get(2);
        String text = Files.readString(third, StandardCharsets.US_ASCII);
        assertTrue(text.lines().anyMatch(l -> l.startsWith(".")), text);
    }

    @Test
    void passwordsFileMatchesThePlainUsersFile() throws Exception {
        Path dir = tmp.resolve("data");
        assertEquals(ExitCodes.OK, Generated.small(dir).status());
        List<String> users = Files.readAllLines(dir.resolve("users"));
        var passwords = Credentials.read(dir.resolve("passwords"));
        assertEquals(users.size(), passwords.size());
        assertEquals(3 + 3 + 3, users.size()); // user*, idle*, bigbox, bigmessage, probe
        int i = 0;
        for (var e : passwords.entrySet()) {
            assertEquals(e.getKey() + ":{PLAIN}" + e.getValue() + "::::::", users.get(i++));
            assertTrue(e.getValue().matches("[A-Za-z0-9]{16}"), e.getValue());
        }
        for (String f : List.of("users", "passwords")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))), f);
        }
        // Poplar reads it as its users file and lets every user in.
        var usersFile = dev.poplar.maildir.passwd.UsersFile.open(dir.resolve("users"));
        for (var e : passwords.entrySet()) assertTrue(usersFile.authenticate(e.getKey(), e.getValue()).isPresent(), e.getKey());
    }

    @Test
    void hashedSchemeForMailUsersAndPlainForIdleUsers() throws Exception {
        Path dir = tmp.resolve("data");
        Generated r = Generated.run("bench", "generate", "--out", dir.toString(), "--users", "2", "--messages", "1",
                "--bigbox-messages", "0", "--big-message-mb", "0", "--idle-users", "2", "--scheme", "sha512-crypt");
        assertEquals(ExitCodes.OK, r.status(), r.err());
        List<String> users = Files.readAllLines(dir.resolve("users"));
        assertEquals(List.of("user0001", "user0002", "probe", "idle00001", "idle00002"),
                users.stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
        for (String line : users) {
            String scheme = line.startsWith("idle") ? ":{PLAIN}" : ":{SHA512-CRYPT}$6$";
            assertTrue(line.contains(scheme), line);
        }
        var usersFile = dev.poplar.maildir.passwd.UsersFile.open(dir.resolve("users"));
        for (var e : Credentials.read(dir.resolve("passwords")).entrySet()) {
            assertTrue(usersFile.authenticate(e.getKey(), e.getValue()).isPresent(), e.getKey());
        }
        assertTrue(Files.readString(dir.resolve("manifest.json")).contains("\"scheme\" : \"SHA512-CRYPT\""));
    }

    @Test
    void refusesANonEmptyDirectoryWithoutForce() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Generated r = Generated.small(dir);
        assertEquals(ExitCodes.CANNOT_CREATE, r.status());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals(List.of("notes.txt"), Generated.files(dir));

        assertEquals(ExitCodes.OK, Generated.small(dir, "--force").status());
        assertTrue(Files.exists(dir.resolve("manifest.json")));
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")), "other files are left alone");
        // A second --force replaces the data set, with no leftovers of a bigger one.
        assertEquals(ExitCodes.OK, Generated.run("bench", "generate", "--out", dir.toString(), "--users", "1", "--messages", "1",
                "--bigbox-messages", "0", "--big-message-mb", "0", "--idle-users", "0", "--force").status());
        try (Stream<Path> s = Files.list(dir.resolve("maildirs"))) {
            assertEquals(List.of("probe", "user0001"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void refusesBadCountsAndSchemes() throws Exception {
        assertEquals(ExitCodes.USAGE, Generated.small(tmp.resolve("a"), "--users", "-1").status());
        assertEquals(ExitCodes.USAGE, Generated.small(tmp.resolve("b"), "--scheme", "MD5-CRYPT").status());
        assertEquals(ExitCodes.USAGE, Generated.run("bench", "generate").status()); // --out is required
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static Path single(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), dir.toString());
            return all.get(0);
        }
    }
}
