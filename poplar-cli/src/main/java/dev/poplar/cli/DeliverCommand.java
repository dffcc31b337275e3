// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.maildir.MaildirDelivery;
import dev.poplar.maildir.MaildirStore;
import dev.poplar.maildir.UserNames;
import dev.poplar.maildir.passwd.UsersFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code poplar deliver USER}: a local delivery agent (LDA) for MTAs, writing one message into Maildir. */
@Command(name = "deliver", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deliver one RFC 5322 message from standard input into USER's Maildir, atomically",
                "(written to tmp/, synced, renamed into new/, directory synced) and stored byte for byte."},
        exitCodeListHeading = "%nExit status (sysexits, as MTAs expect):%n",
        exitCodeList = {"0:delivered", "67:unknown user (the MTA bounces the message)",
                "75:temporary failure, e.g. disk full (the MTA keeps the message and retries)",
                "78:configuration error (missing --maildir-root; the MTA retries)"},
        footer = {"", "Postfix main.cf:  mailbox_command = /opt/poplar/poplar deliver \"$USER\" --maildir-root /var/mail/vhosts",
                "A user is known if the --users file lists them, or (without --users) if DIR/USER exists."})
final class DeliverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    PoplarTool.Root root;

    @Parameters(index = "0", paramLabel = "USER", description = "The account to deliver to.")
    String user;

    @Option(names = "--maildir-root", paramLabel = "DIR", description = "Directory holding one Maildir per user.")
    Path maildirRoot;

    @Option(names = "--users", paramLabel = "FILE", description = "Users file; when given, only users listed there exist.")
    Path users;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (maildirRoot == null || !Files.isDirectory(maildirRoot)) {
            err.println("poplar deliver: " + (maildirRoot == null ? "--maildir-root is required" : maildirRoot + " is not a directory"));
            return ExitCodes.CONFIG;
        }
        try {
            if (!UserNames.isValid(user) || !known()) {
                err.println("poplar deliver: no such user");
                return ExitCodes.NO_USER;
            }
            Path maildir = new MaildirStore(maildirRoot).maildirOf(user);
            new MaildirDelivery().deliver(maildir, root.in);
            return ExitCodes.OK;
        } catch (IOException e) {
            // Anything that may pass (a full disk, an unreadable users file) defers: never bounce mail for it.
            err.println("poplar deliver: temporary failure, not delivered: " + e.getMessage());
            return ExitCodes.TEMP_FAIL;
        }
    }

    /** With a users file, listed there; without one, an existing DIR/USER. */
    private boolean known() throws IOException {
        if (users != null) return UsersFile.open(users).find(user).isPresent();
        return Files.isDirectory(maildirRoot.resolve(user));
    }
}
