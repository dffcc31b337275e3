// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

/** The {@code poplar} command's entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(new PoplarTool().run(System.out, System.err, args));
    }
}
