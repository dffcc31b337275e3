// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.maildir.MaildirStore;
import dev.poplar.maildir.UserNames;
import dev.poplar.maildir.passwd.UserEntry;
import dev.poplar.maildir.passwd.UsersFile;
import dev.poplar.server.spi.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poplar expire}: removes messages older than the retention period, without waiting for a login. */
@Command(name = "expire", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Remove every message delivered more than N days ago (RFC 2449 EXPIRE) from",
                "the Maildirs under --maildir-root, and print how many per user. The age comes",
                "from the delivery time in the Maildir name; a message whose name has none is",
                "never removed. Removal is the server's own durable, all-or-none delete, so it",
                "is safe while 'poplar serve' runs: a session that still lists an expired",
                "message finds it gone. 'poplar serve --expire-days N' also expires a user's",
                "mail at each login; run this from cron for users who rarely log in."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done (or nothing to do: the days are 'never')", "64:bad command line",
                "67:--user has no maildir", "75:a maildir could not be listed or changed; try again later",
                "78:configuration error (--maildir-root missing, users file unreadable)"},
        footer = {"", "The --days setting has the config key expire-days, the one 'poplar serve",
                "--expire-days' reads, so one --config file sets both. In a crontab:",
                "  17 3 * * *  /opt/poplar/poplar expire --config /etc/poplar/poplar.conf"})
final class ExpireCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // Two names, so that the config key (the longest name) is the one 'serve --expire-days' reads.
    @Option(names = {"--days", "--expire-days"}, paramLabel = "N", converter = ExpireDays.class,
            description = "Remove messages delivered more than N days ago (1 or more; 'never' does nothing).")
    Integer days;

    @Option(names = "--maildir-root", paramLabel = "DIR", description = "Directory holding one Maildir per user: DIR/USER/{cur,new,tmp}.")
    Path maildirRoot;

    @Option(names = "--user", paramLabel = "NAME", description = "Only this user's maildir (default: every maildir under DIR).")
    String user;

    @Option(names = "--users", paramLabel = "FILE",
            description = "Users file: users whose line says readonly=yes are skipped, as their mail may not be removed.")
    Path users;

    @Option(names = "--dry-run", description = "Only print what would be removed.")
    boolean dryRun;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (days == null) return usage(err, "--days is required (on the command line or as expire-days in --config)");
        if (days == 0) {
            // RFC 2449 §6.7: EXPIRE 0 means mail is removed once retrieved, which only the server can tell.
            // Here it would remove every message, read or not.
            return usage(err, "--days 0 would remove every message; give 1 or more");
        }
        if (days == ExpireDays.NEVER) {
            out.println("expiry is off (never): nothing removed");
            return ExitCodes.OK;
        }
        if (maildirRoot == null) return usage(err, "--maildir-root is required (on the command line or in --config)");
        if (!Files.isDirectory(maildirRoot)) {
            err.println("poplar expire: maildir root " + maildirRoot + " is not a directory");
            return ExitCodes.CONFIG;
        }
        if (user != null && !UserNames.isValid(user)) return usage(err, "invalid user name");
        MaildirStore store = new MaildirStore(maildirRoot);
        List<String> targets;
        UsersFile usersFile;
        try {
            usersFile = users == null ? null : UsersFile.open(users);
        } catch (IOException e) {
            err.println("poplar expire: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        try {
            if (user != null && !Expiry.isMaildir(store.maildirOf(user))) {
                err.println("poplar expire: " + user + " has no maildir under " + maildirRoot);
                return ExitCodes.NO_USER;
            }
            targets = user != null ? List.of(user) : Expiry.users(store.root());
        } catch (IOException e) {
            err.println("poplar expire: cannot list " + maildirRoot + ": " + e.getMessage());
            return ExitCodes.TEMP_FAIL;
        }
        // "More than N days ago": strictly before now minus N days.
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        int status = ExitCodes.OK;
        for (String name : targets) {
            if (usersFile != null && usersFile.find(name).map(UserEntry::readOnly).orElse(false)) {
                out.println(name + ": skipped (read-only)");
                continue;
            }
            try {
                int n = Expiry.expire(store, name, cutoff, dryRun);
                out.println(name + ": " + n + (dryRun ? " would be removed (dry run)" : " removed"));
            } catch (StoreException e) {
                // One maildir that cannot be listed or changed does not stop the others.
                err.println("poplar expire: " + name + ": " + e.getMessage());
                status = ExitCodes.TEMP_FAIL;
            }
        }
        return status;
    }

    private static int usage(PrintWriter err, String problem) {
        err.println("poplar expire: " + problem);
        return ExitCodes.USAGE;
    }
}
