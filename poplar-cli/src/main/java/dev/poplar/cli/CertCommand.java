// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.cli.cert.PemFiles;
import dev.poplar.cli.cert.SelfSignedCertificate;
import dev.poplar.cli.cert.SelfSignedCertificate.KeyType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poplar cert self-signed}: make TLS certificates for the POP3S and STLS listeners. */
@Command(name = "cert", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Make TLS certificates for the server (POP3S on 995, STLS on 110).",
        subcommands = {CertCommand.SelfSigned.class})
final class CertCommand {

    /**
     * Writes a new self-signed certificate and key for {@code hosts}, valid for {@code days} days, as
     * PEM files (key: PKCS#8, mode 0600), replacing existing files. For {@code poplar demo} and tests.
     *
     * @throws IllegalArgumentException for a malformed host or days outside 1..3650
     */
    static void selfSigned(List<String> hosts, Path cert, Path key, int days) throws IOException, GeneralSecurityException {
        SelfSignedCertificate c = SelfSignedCertificate.generate(hosts, days, KeyType.EC);
        PemFiles.write(c.certificate(), c.key(), cert, key, true);
    }

    @Command(name = "self-signed", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = {"Generate a key and a self-signed certificate for the given host names and addresses.",
                    "Clients warn about a self-signed certificate unless they are told to trust it (or pin its fingerprint);"
                            + " for a public server, get one from a CA such as Let's Encrypt instead."},
            footer = {"", "Example:  poplar cert self-signed --host mail.example.org --host 192.0.2.10 --out-dir /etc/poplar/tls",
                    "          writes /etc/poplar/tls/cert.pem and /etc/poplar/tls/key.pem"})
    static final class SelfSigned implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--host", required = true, paramLabel = "NAME",
                description = "A name clients connect to: DNS name, *.wildcard or IP address. Repeat for more; the first is also the CN.")
        List<String> hosts;

        @Option(names = "--out-dir", paramLabel = "DIR",
                description = "Write DIR/cert.pem and DIR/key.pem (default: the current directory).")
        Path outDir;

        @Option(names = "--cert", paramLabel = "FILE", description = "Write the certificate here (with --key, instead of --out-dir).")
        Path cert;

        @Option(names = "--key", paramLabel = "FILE", description = "Write the private key here, mode 0600 (with --cert).")
        Path key;

        @Option(names = "--days", paramLabel = "N", defaultValue = "365",
                description = "Validity in days, 1 to " + SelfSignedCertificate.MAX_DAYS + " (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec",
                description = "ec (ECDSA P-256, default) or rsa (3072 bits).")
        String keyType;

        @Option(names = "--force", description = "Replace existing files.")
        boolean force;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (outDir != null && (cert != null || key != null)) {
                err.println("poplar cert self-signed: use either --out-dir or --cert and --key");
                return ExitCodes.USAGE;
            }
            if ((cert == null) != (key == null)) {
                err.println("poplar cert self-signed: --cert and --key go together");
                return ExitCodes.USAGE;
            }
            Path dir = outDir != null ? outDir : Path.of("");
            Path certFile = cert != null ? cert : dir.resolve("cert.pem");
            Path keyFile = key != null ? key : dir.resolve("key.pem");
            if (certFile.toAbsolutePath().normalize().equals(keyFile.toAbsolutePath().normalize())) {
                err.println("poplar cert self-signed: --cert and --key must be different files");
                return ExitCodes.USAGE;
            }
            SelfSignedCertificate generated;
            try {
                generated = SelfSignedCertificate.generate(hosts, days, KeyType.parse(keyType));
            } catch (IllegalArgumentException e) {
                err.println("poplar cert self-signed: " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (GeneralSecurityException e) {
                err.println("poplar cert self-signed: " + e.getMessage());
                return ExitCodes.SOFTWARE;
            }
            try {
                PemFiles.write(generated.certificate(), generated.key(), certFile, keyFile, force);
            } catch (FileAlreadyExistsException e) {
                err.println("poplar cert self-signed: " + e.getFile() + " exists; use --force to replace it");
                return ExitCodes.CANNOT_CREATE;
            } catch (IOException e) {
                err.println("poplar cert self-signed: cannot write " + e.getMessage());
                return ExitCodes.CANNOT_CREATE;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + certFile + " (certificate for " + String.join(", ", hosts) + ", valid until "
                    + generated.certificate().getNotAfter().toInstant() + ")");
            out.println("wrote " + keyFile + " (private key, " + generated.key().getAlgorithm() + ", mode 0600)");
            out.println("SHA-256 fingerprint: " + PemFiles.fingerprint(generated.certificate()));
            return ExitCodes.OK;
        }
    }
}
