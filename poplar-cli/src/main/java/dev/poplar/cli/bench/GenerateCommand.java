// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import dev.poplar.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poplar bench generate}: writes the data set the load scenarios and bench/compare.sh run on. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a bench data set into --out:",
                "  DIR/maildirs/NAME/{cur,new,tmp}  the Maildirs",
                "  DIR/users       users file for 'poplar serve --users' and Dovecot (passwd-file)",
                "  DIR/passwords   'name<TAB>password' per line, for the load generator",
                "  DIR/manifest.json  parameters and totals, written last",
                "(users and passwords are mode 0600).",
                "",
                "Mailboxes: user0001.. with --messages each (most 2-8 KB of text, a quarter",
                "20-100 KB with a base64 attachment, about 1%% 1-5 MB); bigbox with",
                "--bigbox-messages of 2-4 KB; bigmessage with one message of --big-message-mb",
                "MiB; idle00001.. empty; probe with 5 small messages. Messages go into cur/",
                "named as Dovecot's deliveries, <time>.M<n>P<pid>.bench,S=<size>,W=<size with",
                "CRLF line ends>:2, so neither server reads a message to learn its size. A few",
                "messages have lines starting with '.' (dot-stuffing).",
                "",
                "The same --seed and counts give byte-identical mail, identical names and the",
                "same passwords. Nothing is fsynced: it is bench data, made again in seconds."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "64:bad command line",
                "73:--out is not empty (use --force), or the data set could not be written"},
        footer = {"", "--scheme applies to user*, bigbox, bigmessage and probe; the idle users always",
                "get {PLAIN}: hashing 10,000 passwords with ARGON2ID or BLF-CRYPT (about 250 ms",
                "each) would take some 40 minutes of CPU, and the idle scenario measures memory",
                "per connection, not logins. Hashed schemes use random salts, so their users",
                "file differs between runs; the passwords do not.",
                "With --force, DIR/maildirs, DIR/users, DIR/passwords and DIR/manifest.json are",
                "replaced; anything else in DIR is left alone.",
                "",
                "Example (the defaults: about 750 MB in 105,000 files, and 10,000 empty Maildirs):",
                "  poplar bench generate --out bench/work/data"})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the data set (created if missing).")
    Path out;

    @Option(names = "--users", paramLabel = "N", defaultValue = "200", description = "user* mailboxes (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--messages", paramLabel = "M", defaultValue = "20", description = "Messages per user* mailbox (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Names the data set (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bigbox-messages", paramLabel = "K", defaultValue = "100000",
            description = "Messages in the bigbox mailbox; 0 for none (default ${DEFAULT-VALUE}).")
    int bigboxMessages;

    @Option(names = "--big-message-mb", paramLabel = "MB", defaultValue = "200",
            description = "Size of the message in the bigmessage mailbox in MiB; 0 for none (default ${DEFAULT-VALUE}).")
    int bigMessageMb;

    @Option(names = "--idle-users", paramLabel = "I", defaultValue = "10000",
            description = "Empty idle* mailboxes; 0 for none (default ${DEFAULT-VALUE}).")
    int idleUsers;

    @Option(names = "--scheme", paramLabel = "PLAIN|SHA512-CRYPT|BLF-CRYPT|ARGON2ID", defaultValue = "PLAIN",
            description = "Password scheme of the users file (default ${DEFAULT-VALUE}); see below for the idle users.")
    String scheme;

    @Option(names = "--force", description = "Write into a non-empty --out, replacing an earlier data set there.")
    boolean force;

    /** Bigger would not fit the int counters of one mailbox, nor anybody's disk. */
    static final int MAX_COUNT = 10_000_000;
    static final int MAX_BIG_MESSAGE_MB = 64 * 1024;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = checkCounts();
        if (problem != null) return usage(err, problem);
        String schemeName = scheme.toUpperCase(Locale.ROOT);
        if (!DataSet.SCHEMES.contains(schemeName)) return usage(err, "--scheme must be one of " + String.join(", ", DataSet.SCHEMES));
        DataSet set = new DataSet(seed, users, messages, bigboxMessages, bigMessageMb, idleUsers, schemeName);

        long start = System.nanoTime();
        try {
            if (!prepare(err)) return ExitCodes.CANNOT_CREATE;
            Tally tally = new MailGenerator(set, out).run(Math.max(2, Runtime.getRuntime().availableProcessors()));
            Credentials.write(out, set);
            Manifest.write(out.resolve(DataSet.MANIFEST), set, tally, GenerateCommand.class.getPackage().getImplementationVersion());
            Summary.print(stdout, out, set, tally, System.nanoTime() - start);
            return ExitCodes.OK;
        } catch (IOException | UncheckedIOException e) {
            err.println("poplar bench generate: cannot write the data set into " + out + ": " + e.getMessage());
            return ExitCodes.CANNOT_CREATE;
        }
    }

    private String checkCounts() {
        if (users < 0 || users > MAX_COUNT) return "--users must be within 0.." + MAX_COUNT;
        if (messages < 0 || messages > MAX_COUNT) return "--messages must be within 0.." + MAX_COUNT;
        if (bigboxMessages < 0 || bigboxMessages > MAX_COUNT) return "--bigbox-messages must be within 0.." + MAX_COUNT;
        if (idleUsers < 0 || idleUsers > MAX_COUNT) return "--idle-users must be within 0.." + MAX_COUNT;
        if (bigMessageMb < 0 || bigMessageMb > MAX_BIG_MESSAGE_MB) return "--big-message-mb must be within 0.." + MAX_BIG_MESSAGE_MB;
        return null;
    }

    /** Creates --out, or refuses a non-empty one without --force; with it, removes the earlier data set. */
    private boolean prepare(PrintWriter err) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            err.println("poplar bench generate: " + out + " exists and is not a directory");
            return false;
        }
        Files.createDirectories(out);
        boolean empty;
        try (Stream<Path> s = Files.list(out)) {
            empty = s.findAny().isEmpty();
        }
        if (empty) return true;
        if (!force) {
            err.println("poplar bench generate: " + out + " is not empty; refusing to write into it (use --force to replace a data set there)");
            return false;
        }
        // The manifest first: a half-removed data set must not look complete.
        for (String file : List.of(DataSet.MANIFEST, DataSet.USERS_FILE, DataSet.PASSWORDS_FILE)) Files.deleteIfExists(out.resolve(file));
        deleteTree(out.resolve(DataSet.MAILDIRS));
        return true;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static int usage(PrintWriter err, String problem) {
        err.println("poplar bench generate: " + problem);
        return ExitCodes.USAGE;
    }
}
