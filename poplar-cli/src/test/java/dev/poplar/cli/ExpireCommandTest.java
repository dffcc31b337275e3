// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code poplar expire} (RFC 2449 §6.7 EXPIRE without a login), run in-process over a temporary Maildir root. */
class ExpireCommandTest {
    @TempDir
    Path tmp;

    private Path root;
    private final long now = Instant.now().getEpochSecond();
    private final long old = Instant.now().minus(Duration.ofDays(40)).getEpochSecond();

    private void put(String user, String sub, String name) throws Exception {
        Path maildir = root.resolve(user);
        for (String d : List.of("cur", "new", "tmp")) Files.createDirectories(maildir.resolve(d));
        Files.writeString(maildir.resolve(sub).resolve(name), "Subject: " + name + "\n\nbody\n", StandardCharsets.UTF_8);
    }

    /** Every message file of a user, sub/name, sorted. */
    private List<String> files(String user) throws Exception {
        List<String> all = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> s = Files.list(root.resolve(user).resolve(sub))) {
                s.forEach(p -> all.add(sub + "/" + p.getFileName()));
            }
        }
        return all.stream().sorted().toList();
    }

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("mail"));
        put("alice", "new", old + ".M1P1.host");
        put("alice", "cur", (old - 10 * 86_400) + ".M2P1.host,S=30:2,S"); // 50 days
        put("alice", "new", (now - 3600) + ".M3P1.host");
        put("alice", "cur", "handmade:2,S"); // undated: never expired
        put("bob", "new", old + ".M4P1.host");
        put("bob", "new", now + ".M5P1.host");
        Files.createDirectories(root.resolve(".Trash/cur")); // not a user name
        Files.createDirectories(root.resolve("carol"));      // not a maildir
    }

    private List<String> lines(Cli r) {
        return r.out().replace("\r\n", "\n").lines().toList();
    }

    @Test
    void removesMessagesOlderThanTheDaysFromEveryMaildir_rfc2449expire() throws Exception {
        Cli r = Cli.run("expire", "--days", "30", "--maildir-root", root.toString());
        assertEquals(ExitCodes.OK, r.status(), r.err());
        assertEquals(List.of("alice: 2 removed", "bob: 1 removed"), lines(r));
        assertEquals(List.of("cur/handmade:2,S", "new/" + (now - 3600) + ".M3P1.host"), files("alice"));
        assertEquals(List.of("new/" + now + ".M5P1.host"), files("bob"));

        Cli again = Cli.run("expire", "--days", "30", "--maildir-root", root.toString());
        assertEquals(List.of("alice: 0 removed", "bob: 0 removed"), lines(again));
    }

    @Test
    void removalGoesThroughTheStoresJournaledDelete() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("dev.poplar.maildir.MaildirMaildrop");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Level previous = log.getLevel();
        log.addAppender(events);
        log.setLevel(Level.DEBUG);
        try {
            assertEquals(ExitCodes.OK, Cli.run("expire", "--days", "30", "--maildir-root", root.toString(), "--user", "alice").status());
        } finally {
            log.detachAppender(events);
            log.setLevel(previous);
        }
        // MaildirMaildrop.delete logs this only after the journal was committed and the files unlinked.
        List<String> removals = events.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("removed")).toList();
        assertEquals(1, removals.size(), events.list.toString());
        assertTrue(removals.getFirst().contains("2") && removals.getFirst().contains(root.resolve("alice").toString()), removals.getFirst());
        try (Stream<Path> s = Files.list(root.resolve("alice"))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("poplar-journal")).toList(),
                    "the finished journal is gone");
        }
    }

    @Test
    void dryRunRemovesNothing() throws Exception {
        List<String> before = files("alice");
        Cli r = Cli.run("expire", "--days", "30", "--maildir-root", root.toString(), "--dry-run");
        assertEquals(ExitCodes.OK, r.status(), r.err());
        assertEquals(List.of("alice: 2 would be removed (dry run)", "bob: 1 would be removed (dry run)"), lines(r));
        assertEquals(before, files("alice"));
        assertEquals(2, files("bob").size());
    }

    @Test
    void userLimitsItToOneMaildir() throws Exception {
        Cli r = Cli.run("expire", "--days", "30", "--maildir-root", root.toString(), "--user", "bob");
        assertEquals(ExitCodes.OK, r.status(), r.err());
        assertEquals(List.of("bob: 1 removed"), lines(r));
        assertEquals(4, files("alice").size(), "alice untouched");
    }

    @Test
    void moreDaysKeepMore() throws Exception {
        Cli r = Cli.run("expire", "--days", "45", "--maildir-root", root.toString());
        // Only alice's message from 50 days ago is more than 45 days old; the others are 40 days old.
        assertEquals(List.of("alice: 1 removed", "bob: 0 removed"), lines(r));
    }

    @Test
    void readOnlyUsersOfTheUsersFileAreSkipped() throws Exception {
        Path users = tmp.resolve("users");
        Files.writeString(users, "alice:{PLAIN}pw::::::readonly=yes\nbob:{PLAIN}pw\n", StandardCharsets.UTF_8);
        Cli r = Cli.run("expire", "--days", "30", "--maildir-root", root.toString(), "--users", users.toString());
        assertEquals(ExitCodes.OK, r.status(), r.err());
        assertEquals(List.of("alice: skipped (read-only)", "bob: 1 removed"), lines(r));
        assertEquals(4, files("alice").size());
    }

    @Test
    void daysComeFromTheConfigKeyServeUses() throws Exception {
        Path config = tmp.resolve("poplar.conf");
        Files.writeString(config, "expire-days = 30\nmaildir-root = " + root + "\n", StandardCharsets.UTF_8);
        Cli r = Cli.run("expire", "--config", config.toString(), "--dry-run");
        assertEquals(ExitCodes.OK, r.status(), r.err());
        assertEquals(List.of("alice: 2 would be removed (dry run)", "bob: 1 would be removed (dry run)"), lines(r));

        Files.writeString(config, "expire-days = never\nmaildir-root = " + root + "\n", StandardCharsets.UTF_8);
        Cli never = Cli.run("expire", "--config", config.toString());
        assertEquals(ExitCodes.OK, never.status(), never.err());
        assertTrue(never.out().contains("nothing removed"), never.out());
        assertEquals(4, files("alice").size());
    }

    @Test
    void mistakesExitWithSysexitsCodes() throws Exception {
        String r = root.toString();
        assertEquals(ExitCodes.USAGE, Cli.run("expire", "--maildir-root", r).status(), "no --days");
        assertEquals(ExitCodes.USAGE, Cli.run("expire", "--days", "0", "--maildir-root", r).status(), "0 would remove everything");
        assertEquals(ExitCodes.USAGE, Cli.run("expire", "--days", "soon", "--maildir-root", r).status());
        assertEquals(ExitCodes.USAGE, Cli.run("expire", "--days", "30").status(), "no --maildir-root");
        assertEquals(ExitCodes.USAGE, Cli.run("expire", "--days", "30", "--maildir-root", r, "--user", "../bob").status());
        assertEquals(ExitCodes.NO_USER, Cli.run("expire", "--days", "30", "--maildir-root", r, "--user", "carol").status());
        assertEquals(ExitCodes.NO_USER, Cli.run("expire", "--days", "30", "--maildir-root", r, "--user", "zoe").status());
        assertEquals(ExitCodes.CONFIG, Cli.run("expire", "--days", "30", "--maildir-root", tmp.resolve("none").toString()).status());
        assertEquals(ExitCodes.CONFIG, Cli.run("expire", "--days", "30", "--maildir-root", r, "--users", tmp.resolve("none").toString()).status());
        assertEquals(4, files("alice").size(), "none of them removed anything");
        assertEquals(2, files("bob").size());
    }

    @Test
    void theCommandIsListedAndExplained() {
        assertTrue(Cli.run("--help").out().contains("expire"));
        Cli help = Cli.run("expire", "--help");
        assertEquals(0, help.status());
        for (String o : List.of("--days", "--maildir-root", "--user", "--dry-run", "--config")) assertTrue(help.out().contains(o), o);
    }
}
