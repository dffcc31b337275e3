// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import dev.poplar.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every load scenario does around its measurement: check that the server answers at all (a clear
 * error, not thousands of failed sessions), run, print the report, and turn errors into exit codes.
 */
abstract class ScenarioCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    final Failures failures = new Failures();

    /** Runs the scenario and returns its report. */
    abstract Report run(Passwords passwords, ProcessStats server) throws Exception;

    @Override
    public final Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String name = "poplar bench " + spec.name();
        try {
            Passwords passwords = Passwords.load(options.data);
            ProcessStats server = ProcessStats.of(options.serverPid);
            try (BenchConnection c = BenchConnection.open(options.endpoint(), 512)) {
                c.command("QUIT");
            } catch (IOException e) {
                err.println(name + ": no POP3 server answers on " + options.host + ":" + options.port + " (" + e.getMessage() + ")");
                return ExitCodes.UNAVAILABLE;
            }
            Report report = run(passwords, server);
            report.emit(spec.commandLine().getOut(), options.json);
            failures.print(err);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println(name + ": " + e.getMessage());
            return ExitCodes.IO_ERROR;
        }
    }

    /** A new report for this scenario and label. */
    Report report() {
        return new Report(spec.name(), options.label);
    }
}
