// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.cli.fetch.TrustFile;
import dev.poplar.cli.popstate.PopstateAccount;
import dev.poplar.cli.popstate.PopstateEntry;
import dev.poplar.cli.popstate.PopstateFile;
import dev.poplar.cli.popstate.PopstateRebuild;
import dev.poplar.client.ClientConfig;
import dev.poplar.client.Pop3Client;
import dev.poplar.client.Pop3Exception;
import dev.poplar.client.SecurityPolicyException;
import dev.poplar.client.UidListing;
import dev.poplar.protocol.ResponseCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code poplar popstate}: read and rebuild Thunderbird's {@code popstate.dat}. */
@Command(name = "popstate", mixinStandardHelpOptions = true,
        description = {"Read or rebuild Thunderbird's popstate.dat, the list of messages left on a POP3 server",
                "that Thunderbird already has. Rebuild it when Thunderbird starts downloading everything again."},
        subcommands = {PopstateCommand.Read.class, PopstateCommand.Rebuild.class})
final class PopstateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code poplar popstate read FILE}. */
    @Command(name = "read", mixinStandardHelpOptions = true,
            description = {"Print the accounts and messages of a popstate.dat, as Thunderbird reads it.",
                    "Lines Thunderbird would skip are reported on stderr."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:read (warnings, if any, on stderr)", "64:wrong command line", "74:the file cannot be read"})
    static final class Read implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The popstate.dat to read.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PopstateFile state;
            try {
                state = PopstateFile.parse(Files.readAllBytes(file));
            } catch (IOException e) {
                err.println("poplar popstate read: cannot read " + file + ": " + e);
                return ExitCodes.IO_ERROR;
            }
            for (String w : state.warnings()) err.println("poplar popstate read: " + file + ": " + w);
            if (state.accounts().isEmpty()) out.println("no accounts");
            for (PopstateAccount a : state.accounts()) {
                out.println("account " + PopstateFile.display(a.host()) + " " + PopstateFile.display(a.user())
                        + ": " + a.entries().size() + " message(s)");
                for (PopstateEntry e : a.entries()) {
                    String when = e.time() == null ? "-" : e.time() + " " + Instant.ofEpochSecond(e.time());
                    out.printf(Locale.ROOT, "  %c %-7s %-32s %s%n", e.flag(), e.flagName(), when, PopstateFile.display(e.uid()));
                }
            }
            return ExitCodes.OK;
        }
    }

    /** {@code poplar popstate rebuild}. */
    @Command(name = "rebuild", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Connect, list the unique-ids (UIDL) and write a popstate.dat marking every message as",
                    "already downloaded (k) with the current time, except the newest N, which Thunderbird then fetches.",
                    "Writes to --out, never over an existing file without --force. Close Thunderbird before",
                    "putting the result in place of its profile's popstate.dat."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:written", "64:wrong command line", "65:the --merge file cannot be read",
                    "69:the server cannot be used safely (TLS not offered or not verified)",
                    "73:--out exists (use --force) or cannot be written", "75:network trouble: try again",
                    "77:login refused", "78:configuration error (password file, CA file)"},
            footer = {"", "Example:",
                    "  poplar popstate rebuild --host pop.example.org --user alice --password-file ~/.pop-pass \\",
                    "      --skip-newest 20 --merge ~/.thunderbird/x.default/Mail/pop.example.org/popstate.dat \\",
                    "      --out /tmp/popstate.dat"})
    static final class Rebuild implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--host", paramLabel = "H", required = true, description = "The POP3 server.")
        String host;

        @Option(names = "--port", paramLabel = "P", description = "Its port (default: 110, or 995 with --tls implicit).")
        Integer port;

        @Option(names = "--user", paramLabel = "U", required = true, description = "The account name.")
        String user;

        @Option(names = "--password-file", paramLabel = "F", required = true, description = "File whose first line is the password.")
        Path passwordFile;

        @Option(names = "--tls", paramLabel = "none|starttls|implicit", defaultValue = "starttls",
                description = "TLS mode (default: ${DEFAULT-VALUE}). starttls and implicit never fall back to plaintext.")
        String tls;

        @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust these certificates instead of the system's.")
        Path caFile;

        @Option(names = "--skip-newest", paramLabel = "N", defaultValue = "0",
                description = "Leave the newest N messages out, so Thunderbird downloads them (default: ${DEFAULT-VALUE}).")
        int skipNewest;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the new popstate.dat.")
        Path out;

        @Option(names = "--force", description = "Replace --out if it exists (atomically).")
        boolean force;

        @Option(names = "--merge", paramLabel = "FILE",
                description = {"An existing popstate.dat: its other accounts are copied unchanged, and for this",
                        "account's messages still on the server their flag and time are kept."})
        Path merge;

        @Option(names = "--state-host", paramLabel = "NAME",
                description = "The server name as Thunderbird records it, if not --host.")
        String stateHost;

        @Option(names = "--state-user", paramLabel = "NAME",
                description = "The account name as Thunderbird records it, if not --user.")
        String stateUser;

        @Option(names = "--crlf", description = "Write CRLF line ends, as Thunderbird on Windows (default: as --merge, else LF).")
        boolean crlf;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            PrintWriter outw = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String me = "poplar popstate rebuild: ";
            ClientConfig.Security security = TlsMode.parse(tls);
            if (security == null) {
                err.println(me + "--tls must be none, starttls or implicit");
                return ExitCodes.USAGE;
            }
            if (skipNewest < 0) {
                err.println(me + "--skip-newest must be 0 or more");
                return ExitCodes.USAGE;
            }
            String recHost = stateHost != null ? stateHost : host;
            String recUser = stateUser != null ? stateUser : user;
            if (recHost.isEmpty() || recHost.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\r' || c == '\n')
                    || recUser.isEmpty() || recUser.chars().anyMatch(c -> c == '\t' || c == '\r' || c == '\n')) {
                err.println(me + "the host must be one word and the user must not contain tabs or line breaks");
                return ExitCodes.USAGE;
            }
            if (Files.exists(out) && !force) {
                err.println(me + out + " exists; refusing to overwrite it (use --force, and close Thunderbird first if it is the live file)");
                return ExitCodes.CANNOT_CREATE;
            }
            PopstateFile base = null;
            if (merge != null) {
                try {
                    base = PopstateFile.parse(Files.readAllBytes(merge));
                } catch (IOException e) {
                    err.println(me + "cannot read --merge " + merge + ": " + e);
                    return ExitCodes.DATA_ERROR;
                }
                for (String w : base.warnings()) err.println(me + merge + ": " + w);
            }
            String password;
            ClientConfig.Builder client = ClientConfig.builder(host).security(security)
                    .allowPlaintextLogin(security == ClientConfig.Security.NONE);
            if (port != null) client.port(port);
            try {
                password = firstLine(passwordFile);
                if (caFile != null) client.sslContext(TrustFile.load(caFile));
            } catch (IOException e) {
                err.println(me + e.getMessage());
                return ExitCodes.CONFIG;
            }
            UidListing listing;
            try (Pop3Client pop = Pop3Client.connect(client.build())) {
                pop.login(user, password);
                listing = pop.uidl();
                pop.quit(); // read-only session: whatever QUIT says, nothing is lost
            } catch (SecurityPolicyException e) {
                err.println(me + "refusing to continue: " + e.getMessage());
                return ExitCodes.UNAVAILABLE;
            } catch (Pop3Exception e) {
                err.println(me + "the server said: " + e.getMessage());
                return e.code() == ResponseCode.AUTH ? ExitCodes.NO_PERMISSION
                        : e.code() == ResponseCode.SYS_PERM ? ExitCodes.UNAVAILABLE : ExitCodes.TEMP_FAIL;
            } catch (javax.net.ssl.SSLException e) {
                err.println(me + "TLS failed (certificate or host name not verified?): " + e.getMessage());
                return ExitCodes.UNAVAILABLE;
            } catch (IOException e) {
                err.println(me + e.getMessage());
                return ExitCodes.TEMP_FAIL;
            }
            if (!listing.duplicates().isEmpty()) {
                err.println(me + "warning: the server lists duplicate unique-ids " + listing.duplicates()
                        + "; Thunderbird cannot tell those messages apart either");
            }
            PopstateRebuild.Result r = PopstateRebuild.build(recHost, recUser, listing.entries(),
                    base == null ? null : base.account(recHost, recUser), skipNewest, Instant.now().getEpochSecond());
            for (String w : r.warnings()) err.println(me + "warning: " + w);
            PopstateFile result = base == null ? new PopstateFile(java.util.List.of(r.account()), crlf)
                    : new PopstateFile(base.with(r.account()).accounts(), crlf || base.crlf());
            try {
                write(out, result.toBytes(), force);
            } catch (FileAlreadyExistsException e) {
                err.println(me + out + " appeared meanwhile; refusing to overwrite it (use --force)");
                return ExitCodes.CANNOT_CREATE;
            } catch (IOException e) {
                err.println(me + "cannot write " + out + ": " + e);
                return ExitCodes.CANNOT_CREATE;
            }
            outw.println(me + "wrote " + out + ": " + r.kept() + " message(s) marked as downloaded, "
                    + r.skipped() + " newest left for Thunderbird to fetch (account " + recHost + " " + recUser + ")");
            if (r.kept() == 0) {
                err.println(me + "note: no message to mark; Thunderbird omits accounts without messages, and so does this file");
            }
            return ExitCodes.OK;
        }

        /** Writes to a temporary file beside {@code target}, syncs it, then moves it into place. */
        private static void write(Path target, byte[] data, boolean replace) throws IOException {
            Path dir = target.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                        OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
                    os.write(data);
                    os.flush();
                    ch.force(true);
                }
                if (replace) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(tmp, target);
                }
            } finally {
                Files.deleteIfExists(tmp);
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
}
