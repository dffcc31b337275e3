// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.maildir.passwd.PasswordHasher;
import dev.poplar.maildir.passwd.UsersFileEditor;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code poplar user add|list|remove}: manage the users file (Dovecot passwd-file format). */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Add, list or remove users in the users file (Dovecot passwd-file format, hashed passwords).",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class})
final class UserCommand {

    @ParentCommand
    PoplarTool.Root root;

    /** Options every user subcommand takes. */
    static final class FileOption {
        @Option(names = "--users", paramLabel = "FILE", description = "The users file (created, mode 0600, if absent).")
        Path users;

        @Mixin
        ConfigOption config;

        Path require(PrintWriter err) {
            if (users == null) err.println("poplar user: --users FILE is required (on the command line or in --config)");
            return users;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Add a user, or change an existing user's password with --replace.",
                    "The password is asked twice on the terminal (not echoed), or read from standard input."},
            footer = {"", "Example:  printf '%s\\n' \"$PW\" | poplar user add alice --users /etc/poplar/users --password-stdin"})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        UserCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "Letters, digits and . _ @ + - (not first . or -).")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "ARGON2ID",
                description = "Password hash: ARGON2ID (default), SHA512-CRYPT, BLF-CRYPT or SCRAM-SHA-256 (which also allows AUTH SCRAM-SHA-256 without a plaintext password).")
        String scheme;

        @Option(names = "--replace", description = "Change the password of an existing user instead of failing.")
        boolean replace;

        @Mixin
        FileOption file;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            Path users = file.require(err);
            if (users == null) return ExitCodes.USAGE;
            PasswordHasher hasher = PasswordHasher.forScheme(scheme).orElse(null);
            if (hasher == null) {
                err.println("poplar user add: unknown scheme " + scheme + " (use ARGON2ID, SHA512-CRYPT, BLF-CRYPT or SCRAM-SHA-256)");
                return ExitCodes.USAGE;
            }
            char[] password = passwordStdin ? readLine(parent.root.in) : prompt(err);
            if (password == null) return ExitCodes.DATA_ERROR;
            try {
                if (password.length == 0) {
                    err.println("poplar user add: the password is empty");
                    return ExitCodes.DATA_ERROR;
                }
                String plain = new String(password);
                // RFC 6856 / RFC 4013: logins SASLprep non-ASCII passwords, so store them prepared the
                // same way (as a stored string: unassigned code points refused).
                if (!plain.chars().allMatch(c -> c < 0x80)) plain = dev.poplar.protocol.Saslprep.prepare(plain, true);
                String hash = hasher.hash(plain);
                if (!new UsersFileEditor(users).add(name, hash, replace)) {
                    err.println("poplar user add: " + name + " exists already; use --replace to change the password");
                    return ExitCodes.DATA_ERROR;
                }
                spec.commandLine().getOut().println((replace ? "updated " : "added ") + name);
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                err.println("poplar user add: " + e.getMessage());
                return ExitCodes.DATA_ERROR;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        private static char[] prompt(PrintWriter err) {
            Console console = System.console();
            if (console == null) {
                err.println("poplar user add: no terminal to ask for the password; use --password-stdin");
                return null;
            }
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                err.println("poplar user add: the passwords do not match");
                return null;
            }
            Arrays.fill(second, '\0');
            return first;
        }

        /** The first line of standard input, without its line end; spaces are part of the password. */
        private static char[] readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int i = 0; i < 4096; i++) {
                int b = in.read();
                if (b < 0 || b == '\n') break;
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes, 0, len));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(bytes, (byte) 0);
            return out;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the user names, one per line.")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        FileOption file;

        @Override
        public Integer call() throws IOException {
            Path users = file.require(spec.commandLine().getErr());
            if (users == null) return ExitCodes.USAGE;
            for (String name : new UsersFileEditor(users).list()) spec.commandLine().getOut().println(name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a user from the users file. Their mail is left in place.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        FileOption file;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            Path users = file.require(err);
            if (users == null) return ExitCodes.USAGE;
            if (!new UsersFileEditor(users).remove(name)) {
                err.println("poplar user remove: no such user");
                return ExitCodes.NO_USER;
            }
            spec.commandLine().getOut().println("removed " + name);
            return ExitCodes.OK;
        }
    }
}
