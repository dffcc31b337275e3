// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.cli.fetch.TrustFile;
import dev.poplar.cli.shell.Pop3Shell;
import dev.poplar.client.ClientConfig;
import dev.poplar.client.SecurityPolicyException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code poplar shell}: talk POP3 by hand, like telnet, but with TLS and a hidden password. */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An interactive POP3 session: each line you type is sent as it is, and the whole reply is",
                "shown (a multi-line reply down to its final dot). Type PASS alone to be asked for the",
                "password without echo (from a pipe: the next input line). STLS typed by hand starts TLS too.",
                "The session ends at QUIT or at the end of input (then without QUIT: nothing is committed)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:QUIT answered or end of input", "64:wrong command line",
                "69:TLS asked for but not available or not verified", "75:cannot connect, or the server closed the connection",
                "78:the CA file cannot be read"},
        footer = {"", "Example:", "  poplar shell --host pop.example.org --tls implicit --trace"})
final class ShellCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    PoplarTool.Root root;

    @Option(names = "--host", paramLabel = "H", required = true, description = "The POP3 server.")
    String host;

    @Option(names = "--port", paramLabel = "P", description = "Its port (default: 110, or 995 with --tls implicit).")
    Integer port;

    @Option(names = "--tls", paramLabel = "none|starttls|implicit", defaultValue = "starttls",
            description = "TLS mode (default: ${DEFAULT-VALUE}). starttls and implicit never fall back to plaintext.")
    String tls;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust these certificates instead of the system's.")
    Path caFile;

    @Option(names = "--trace", description = "Show the wire on stderr (C: and S: lines), passwords and AUTH data redacted.")
    boolean trace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClientConfig.Security security = TlsMode.parse(tls);
        if (security == null) {
            err.println("poplar shell: --tls must be none, starttls or implicit");
            return ExitCodes.USAGE;
        }
        ClientConfig.Builder b = ClientConfig.builder(host).security(security).readTimeout(Duration.ofMinutes(5));
        if (port != null) b.port(port);
        try {
            if (caFile != null) b.sslContext(TrustFile.load(caFile));
        } catch (IOException e) {
            err.println("poplar shell: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        Pop3Shell shell = new Pop3Shell(b.build(), out, trace ? err : null);
        try {
            shell.connect();
            return shell.run(input(err)) == Pop3Shell.End.NORMAL ? ExitCodes.OK : ExitCodes.TEMP_FAIL;
        } catch (SecurityPolicyException e) {
            err.println("poplar shell: refusing to continue: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (javax.net.ssl.SSLException e) {
            err.println("poplar shell: TLS failed (certificate or host name not verified?): " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (IOException e) {
            err.println("poplar shell: " + e.getMessage());
            return ExitCodes.TEMP_FAIL;
        } finally {
            shell.close();
        }
    }

    /** The terminal (line editing as the JDK console offers it, password without echo), else the input stream. */
    private Pop3Shell.Input input(PrintWriter err) {
        InputStream in = root != null ? root.in : System.in;
        Console console = in == System.in ? System.console() : null;
        if (console != null && isTerminal(console)) {
            return new Pop3Shell.Input() {
                @Override
                public String readLine() {
                    return console.readLine();
                }

                @Override
                public String readPassword() {
                    char[] pw = console.readPassword("Password: ");
                    return pw == null ? null : new String(pw);
                }
            };
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new Pop3Shell.Input() {
            @Override
            public String readLine() throws IOException {
                return reader.readLine();
            }

            @Override
            public String readPassword() throws IOException {
                err.println("poplar shell: no terminal: the password is the next input line");
                err.flush();
                return reader.readLine();
            }
        };
    }

    /** Console.isTerminal() exists from Java 22; before, a console is only returned for a terminal. */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
