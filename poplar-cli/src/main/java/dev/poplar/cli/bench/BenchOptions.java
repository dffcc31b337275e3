// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every load scenario shares: where the server is, whose passwords, where results go. */
public final class BenchOptions {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Server address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", required = true, description = "Server's plain POP3 port.")
    int port;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Data set made by 'poplar bench generate': its 'passwords' file gives the logins.")
    Path data;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process id: adds its CPU use and memory (with all its child processes, as for"
                    + " Dovecot) and, for a Java server, its heap, read with jstat from the server's own JDK.")
    Long serverPid;

    @Option(names = "--label", paramLabel = "NAME", defaultValue = "server",
            description = "Name of the server under test, written with every result (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also append the results as one JSON object per line to FILE ('-' for standard output).")
    Path json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest wait for any one reply before a session counts as failed (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Connection settings for {@link BenchConnection}. */
    Endpoint endpoint() {
        return new Endpoint(host, port, timeoutSeconds * 1000);
    }

    /** Where and how to connect. */
    record Endpoint(String host, int port, int timeoutMillis) {}
}
