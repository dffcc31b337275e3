// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.cli.fetch.AccountsFile;
import dev.poplar.cli.fetch.DeliveryException;
import dev.poplar.cli.fetch.Destination;
import dev.poplar.cli.fetch.FetchState;
import dev.poplar.cli.fetch.Fetcher;
import dev.poplar.cli.fetch.Progress;
import dev.poplar.cli.fetch.Spool;
import dev.poplar.cli.fetch.StateLockedException;
import dev.poplar.cli.fetch.TrustFile;
import dev.poplar.cli.fetch.WatchLoop;
import dev.poplar.client.ClientConfig;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.Pop3Exception;
import dev.poplar.client.QuitOutcome;
import dev.poplar.client.SecurityPolicyException;
import dev.poplar.protocol.ResponseCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poplar fetch}: pull mail from a POP3 server into a Maildir, an mbox or a delivery command, safely. */
@Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetch mail from a POP3 server, never losing or doubling a message: each message is",
                "spooled, delivered, and its unique-id recorded durably before it is deleted on the server;",
                "deletions whose QUIT reply was lost are finished by the next run.",
                "",
                "Crash safety: before each delivery an intent is written to the state journal. With a maildir:",
                "destination the file name carries a stable tag of the account and unique-id (,PF=...), so after a",
                "crash (kill -9) between delivery and the state write the next run finds the message and does not",
                "deliver it again. mbox:, mda: and lmtp: cannot be asked: there such a crash means the message may",
                "be delivered twice, and the next run logs a warning naming its unique-id.",
                "",
                "Servers without UIDL: messages are identified by a digest of their header block (TOP n 0, or",
                "RETR's header) plus their size, with a warning. This is weaker: two messages with identical",
                "headers and size collide (both are skipped), and a message whose headers the server rewrites",
                "looks new and is fetched again.",
                "",
                "--watch keeps polling every --watch-interval seconds. Where the server offers SLEE-WAKE the",
                "logged-in connection sleeps between polls (SLEE commits deletions like QUIT) and WAKE says whether",
                "there is new mail; otherwise each poll logs in again and ends with QUIT. Temporary failures are",
                "logged and the next poll goes on; SIGTERM or SIGINT ends it cleanly between polls.",
                "",
                "Test-only: the system property poplar.fetch.test.killAfterDelivery=N halts the JVM right after",
                "the N-th delivery and before its state write; it exists only for crash tests."},
        exitCodeListHeading = "%nExit status (for cron):%n",
        exitCodeList = {"0:done (also when there was nothing new)",
                "64:wrong command line", "69:the server cannot be used safely (TLS not offered or not verified)",
                "74:a message could not be delivered and will not be on a retry (the destination refused it)",
                "75:temporary failure (network, lost QUIT reply, destination temporarily failing, another run holds the state): the next run finishes the job",
                "77:login refused", "78:configuration error (password file, CA file, state file)"},
        footer = {"", "Example:",
                "  poplar fetch --host pop.example.org --user alice --password-file ~/.pop-pass \\",
                "               --to maildir:$HOME/Maildir --state ~/.poplar-fetch/alice.state"})
final class FetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "H", description = "The POP3 server.")
    String host;

    @Option(names = "--port", paramLabel = "P", description = "Its port (default: 110, or 995 with --tls implicit).")
    Integer port;

    @Option(names = "--user", paramLabel = "U", description = "The account name.")
    String user;

    @Option(names = "--password-file", paramLabel = "F", description = "File whose first line is the password.")
    Path passwordFile;

    @Option(names = "--tls", paramLabel = "none|starttls|implicit", defaultValue = "starttls",
            description = "TLS mode (default: ${DEFAULT-VALUE}). starttls and implicit never fall back to plaintext.")
    String tls;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust these certificates instead of the system's.")
    Path caFile;

    @Option(names = "--to", paramLabel = "maildir:DIR|mbox:FILE|mda:COMMAND|lmtp:HOST:PORT", description = "Where to deliver.")
    String to;

    @Option(names = "--lmtp-recipient", paramLabel = "ADDRESS", description = "RCPT TO address for lmtp: destinations.")
    String lmtpRecipient;

    @Option(names = "--keep", description = "Leave the messages on the server (fetch only new ones each run).")
    boolean keep;

    @Option(names = "--delete-after-days", paramLabel = "N",
            description = "With --keep: delete a delivered message from the server N days after it was first seen.")
    Integer deleteAfterDays;

    @Option(names = "--state", paramLabel = "FILE", description = "Where this account's fetched unique-ids are kept.")
    Path state;

    @Option(names = "--dry-run", description = "Only list what would be fetched; change nothing.")
    boolean dryRun;

    @Option(names = "--watch", description = "Keep polling (on one sleeping connection where the server offers SLEE-WAKE).")
    boolean watch;

    @Option(names = "--watch-interval", paramLabel = "SECONDS", defaultValue = "300",
            description = "With --watch: seconds between polls (default: ${DEFAULT-VALUE}).")
    long watchInterval;

    /** Test support only: ends --watch after N polls. Hidden; not part of the command line contract. */
    @Option(names = "--watch-polls", paramLabel = "N", hidden = true, description = "Test support only: stop --watch after N polls.")
    Integer watchPolls;

    @Option(names = "--accounts", paramLabel = "FILE",
            description = "Fetch every [account NAME] in FILE (see AccountsFile) instead of the one given by flags.")
    Path accounts;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        boolean anyAccountFlag = host != null || user != null || passwordFile != null || to != null || state != null;
        boolean allAccountFlags = host != null && user != null && passwordFile != null && to != null && state != null;
        // Either an accounts file or one account's flags; flags next to --accounts would be silently ignored.
        if (accounts != null ? anyAccountFlag : !allAccountFlags) {
            err.println("poplar fetch: give either --accounts FILE or all of --host, --user, --password-file, --to, --state");
            return ExitCodes.USAGE;
        }
        if (accounts == null) return fetchAccount();
        if (watch) {
            // A watch never ends, so it would never reach the second account.
            err.println("poplar fetch: --watch takes one account (run one poplar fetch --watch per account)");
            return ExitCodes.USAGE;
        }
        int worst = ExitCodes.OK;
        try {
            for (AccountsFile.Account a : AccountsFile.parse(accounts)) {
                host = a.host(); port = a.port(); user = a.user(); passwordFile = a.passwordFile(); tls = a.tls();
                caFile = a.caFile(); to = a.to(); lmtpRecipient = a.lmtpRecipient(); keep = a.keep();
                deleteAfterDays = a.deleteAfterDays(); state = a.state();
                Files.createDirectories(state.toAbsolutePath().getParent());
                spec.commandLine().getOut().println("poplar fetch: account " + a.name());
                int status = fetchAccount();
                if (worst == ExitCodes.OK) worst = status;
            }
        } catch (IOException e) {
            err.println("poplar fetch: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        return worst;
    }

    private int fetchAccount() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClientConfig.Security security = TlsMode.parse(tls);
        if (security == null) {
            err.println("poplar fetch: --tls must be none, starttls or implicit");
            return ExitCodes.USAGE;
        }
        if (deleteAfterDays != null && (deleteAfterDays < 0 || !keep)) {
            err.println("poplar fetch: --delete-after-days needs --keep and a number of days >= 0");
            return ExitCodes.USAGE;
        }
        if (watchInterval < 0 || (watchPolls != null && (watchPolls < 1 || !watch))) {
            err.println("poplar fetch: --watch-interval must be >= 0, and --watch-polls needs --watch and a number >= 1");
            return ExitCodes.USAGE;
        }
        Destination destination;
        try {
            destination = Destination.parse(to, lmtpRecipient);
        } catch (IllegalArgumentException e) {
            err.println("poplar fetch: --to: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String password;
        ClientConfig.Builder client = ClientConfig.builder(host).security(security)
                .allowPlaintextLogin(security == ClientConfig.Security.NONE);
        if (port != null) client.port(port);
        try {
            password = firstLine(passwordFile);
            if (caFile != null) client.sslContext(TrustFile.load(caFile));
        } catch (IOException e) {
            err.println("poplar fetch: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        try (FetchState fetchState = FetchState.open(state); Progress progress = Progress.forConsole(out)) {
            Spool spool = destination.spoolDirectory().map(Spool::new).orElseGet(() -> Spool.beside(state));
            spool.removeLeftovers();
            ClientConfig clientConfig = client.build();
            Fetcher.Options options = new Fetcher.Options(keep, dryRun, deleteAfterDays == null ? -1 : deleteAfterDays);
            if (watch) return watch(clientConfig, password, fetchState, destination, spool, options, out, err);
            try (Pop3Client pop = Pop3Client.connect(clientConfig)) {
                pop.login(user, password);
                Fetcher.Result r = new Fetcher(pop, fetchState, destination, spool, out, user + "@" + host).progress(progress)
                        .run(options);
                return report(r, out, err);
            }
        } catch (IOException e) {
            return failure(e, err);
        }
    }

    /** Prints what a run did; its exit status. */
    private int report(Fetcher.Result r, PrintWriter out, PrintWriter err) {
        if (!dryRun) out.println("poplar fetch: " + r.fetched() + " fetched (" + r.octets() + " octets), " + r.deleted() + " deleted");
        if (r.deliveryFailure() != null) {
            err.println("poplar fetch: delivery failed: " + r.deliveryFailure().getMessage());
            return r.deliveryFailure().isTemporary() ? ExitCodes.TEMP_FAIL : ExitCodes.IO_ERROR;
        }
        if (r.quit() != QuitOutcome.COMMITTED) {
            err.println("poplar fetch: the server did not confirm QUIT (" + r.quit() + "); deletions are finished next run");
            return ExitCodes.TEMP_FAIL;
        }
        return ExitCodes.OK;
    }

    /**
     * --watch: polls until --watch-polls, a failure that a retry cannot fix, or SIGTERM/SIGINT (a shutdown
     * hook stops the loop between polls and waits for the current one to finish). Temporary failures
     * are reported and the next poll goes on. The status is that of the last poll.
     */
    private int watch(ClientConfig clientConfig, String password, FetchState fetchState, Destination destination,
                      Spool spool, Fetcher.Options options, PrintWriter out, PrintWriter err) {
        WatchLoop loop = new WatchLoop(() -> {
            Pop3Client pop = Pop3Client.connect(clientConfig);
            try {
                pop.login(user, password);
                return pop;
            } catch (IOException | RuntimeException e) {
                pop.close();
                throw e;
            }
        }, fetchState, destination, spool, out, user + "@" + host, options, Duration.ofSeconds(watchInterval),
                watchPolls == null ? 0 : watchPolls);
        int[] status = {ExitCodes.OK};
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            loop.stop();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "poplar-fetch-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loop.run(new WatchLoop.Listener() {
                @Override
                public boolean result(Fetcher.Result r) {
                    status[0] = report(r, out, err);
                    return status[0] == ExitCodes.OK || status[0] == ExitCodes.TEMP_FAIL;
                }

                @Override
                public boolean failure(IOException e) {
                    status[0] = FetchCommand.this.failure(e, err);
                    return status[0] == ExitCodes.TEMP_FAIL;
                }
            });
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for done, which is counted down
            }
        }
        return status[0];
    }

    /** Reports a failure; its exit status. */
    private static int failure(IOException failure, PrintWriter err) {
        try {
            throw failure;
        } catch (StateLockedException e) {
            err.println("poplar fetch: " + e.getMessage());
            return ExitCodes.TEMP_FAIL;
        } catch (SecurityPolicyException e) {
            err.println("poplar fetch: refusing to continue: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (Pop3Exception e) {
            err.println("poplar fetch: the server said: " + e.getMessage());
            return e.code() == ResponseCode.AUTH ? ExitCodes.NO_PERMISSION
                    : e.code() == ResponseCode.SYS_PERM ? ExitCodes.UNAVAILABLE : ExitCodes.TEMP_FAIL;
        } catch (javax.net.ssl.SSLException e) {
            err.println("poplar fetch: TLS failed (certificate or host name not verified?): " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (IOException e) {
            err.println("poplar fetch: " + e.getMessage() + " (what was delivered is recorded; the next run goes on)");
            return ExitCodes.TEMP_FAIL;
        }
    }

    private static String firstLine(Path file) throws IOException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String line = nl < 0 ? text : text.substring(0, nl);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new IOException("cannot read the password file " + file + ": " + e.getMessage(), e);
        }
    }
}
