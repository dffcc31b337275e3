// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code poplar} command as a {@link ToolProvider}, so that tests run it in-process. Each call to
 * {@link #run} builds its own command tree ({@link Root}); calls may run concurrently.
 *
 * <p>A configuration file ({@code --config FILE}, Java properties) holds defaults for any long
 * option, keyed by its name without dashes ({@code maildir-root = /var/mail/vhosts}); a flag on the
 * command line wins over the file. Unknown keys are an error, so a typo never goes unnoticed.
 */
public final class PoplarTool implements ToolProvider {

    /** The top of one run's command tree; subcommands reach the run's standard input through it. */
    @Command(name = "poplar", mixinStandardHelpOptions = true, versionProvider = PoplarTool.Version.class,
            exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
            description = "Poplar: a POP3 server, local delivery, and the tools around them.")
    static final class Root {
        final InputStream in;

        Root(InputStream in) {
            this.in = in;
        }
    }

    /** The subcommands, by name, in the order --help lists them. */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands(ServeCommand.class, DemoCommand.class,
            DeliverCommand.class, UserCommand.class, ExpireCommand.class, CertCommand.class, FetchCommand.class,
            PopstateCommand.class, ShellCommand.class, BenchCommand.class);

    private static Map<String, Class<?>> subcommands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) byName.put(c.getAnnotation(Command.class).name(), c);
        return byName;
    }

    /**
     * The command tree for these arguments. Building it is reflection over every option of every
     * command, about half a second for the whole tree, so a run that names its subcommand and reads no
     * --config file (whose keys are checked against every command's options) gets only that branch:
     * {@code poplar serve} then accepts connections within a second of starting (issue 6).
     */
    private static CommandLine tree(Root root, String[] args, boolean config) {
        CommandLine cmd = new CommandLine(root);
        Class<?> only = !config && args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cmd.addSubcommand(args[0], only);
        } else {
            SUBCOMMANDS.forEach(cmd::addSubcommand);
        }
        cmd.addSubcommand("help", CommandLine.HelpCommand.class);
        return cmd;
    }

    @Override
    public String name() {
        return "poplar";
    }

    /** Runs the command with the process's standard input. */
    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.in, args);
    }

    /** Runs the command with the given standard streams. */
    public int run(PrintStream out, PrintStream err, String... args) {
        return run(new PrintWriter(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true, StandardCharsets.UTF_8), System.in, args);
    }

    /** Runs the command; {@code in} is what {@code deliver} and {@code --password-stdin} read. */
    public int run(PrintWriter out, PrintWriter err, InputStream in, String... args) {
        Path config = configFile(args);
        CommandLine cmd = tree(new Root(in), args, config != null);
        cmd.setOut(out).setErr(err);
        usageErrorsExitWith(cmd, ExitCodes.USAGE);
        try {
            if (config != null) {
                Properties props = load(config);
                Set<String> unknown = unknownKeys(cmd, props);
                if (!unknown.isEmpty()) {
                    err.println("poplar: " + config + ": unknown setting(s) " + unknown + " (keys are long option names without dashes)");
                    return ExitCodes.CONFIG;
                }
                cmd.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(props));
            }
        } catch (IOException e) {
            err.println("poplar: cannot read the configuration file: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** sysexits EX_USAGE for a bad command line, in every subcommand (picocli's default is 2). */
    private static void usageErrorsExitWith(CommandLine cmd, int code) {
        cmd.getCommandSpec().exitCodeOnInvalidInput(code);
        cmd.getCommandSpec().exitCodeOnExecutionException(ExitCodes.SOFTWARE); // an internal error is EX_SOFTWARE
        for (CommandLine sub : cmd.getSubcommands().values()) usageErrorsExitWith(sub, code);
    }

    /** Finds {@code --config FILE} or {@code --config=FILE} before parsing, so it can supply defaults. */
    static Path configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) return Path.of(args[i + 1]);
            if (args[i].startsWith("--config=")) return Path.of(args[i].substring("--config=".length()));
        }
        return null;
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        return props;
    }

    private static Set<String> unknownKeys(CommandLine root, Properties props) {
        Set<String> known = new HashSet<>();
        collect(root, known);
        Set<String> unknown = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (!known.contains(key)) unknown.add(key);
        }
        return unknown;
    }

    private static void collect(CommandLine cmd, Set<String> known) {
        CommandSpec spec = cmd.getCommandSpec();
        for (OptionSpec o : spec.options()) known.add(o.longestName().replaceFirst("^-+", ""));
        for (CommandLine sub : cmd.getSubcommands().values()) collect(sub, known);
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PoplarTool.class.getPackage().getImplementationVersion();
            return new String[] {"poplar " + (v == null ? "(development build)" : v)};
        }
    }
}
