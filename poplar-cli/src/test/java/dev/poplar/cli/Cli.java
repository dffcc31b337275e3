// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs {@code poplar} in-process with given stdin and captures stdout, stderr and the exit status. */
record Cli(int status, String out, String err) {

    static Cli input(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new PoplarTool().run(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin), args);
        return new Cli(status, out.toString(), err.toString());
    }

    static Cli input(String stdin, String... args) {
        return input(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static Cli run(String... args) {
        return input(new byte[0], args);
    }
}
