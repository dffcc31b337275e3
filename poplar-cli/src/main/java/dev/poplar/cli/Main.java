// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

/** The {@code poplar} command's entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // A TLS client may not renegotiate (a CPU-exhaustion lever; TLS 1.3 has no renegotiation at all).
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        // The JDK's JLine-based console (JDK 22+) gives `poplar shell` line editing and history on a
        // terminal; without it the arrow keys arrive as escape sequences. Ignored where it is absent.
        if (System.getProperty("jdk.console") == null) System.setProperty("jdk.console", "jdk.internal.le");
        System.exit(new PoplarTool().run(System.out, System.err, args));
    }
}
