// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.Command;
import dev.poplar.server.internal.SessionState.Sleeping;

/**
 * Commands in the SLEEP state of the seed extension SLEE/WAKE (protocol.md §2, §7): only NOOP, WAKE and
 * QUIT; everything else, CAPA included, is refused so that clients do not poll while asleep. One per
 * connection; not thread-safe.
 */
final class SleepCommands {
    private final Logins logins;

    SleepCommands(Logins logins) {
        this.logins = logins;
    }

    Step handle(Sleeping s, Command command) {
        return switch (command) {
            case Command.Noop c -> Step.ok("", s);
            case Command.Wake c -> logins.wake(s);
            // Nothing to commit: SLEE already did.
            case Command.Quit c -> Step.closing(Reply.ok("Poplar POP3 server signing off."), s);
            default -> Step.clientError("Only NOOP, WAKE and QUIT are allowed while sleeping.", s);
        };
    }
}
