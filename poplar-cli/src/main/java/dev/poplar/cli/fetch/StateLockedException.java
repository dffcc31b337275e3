// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;

/** Another {@code poplar fetch} holds this account's state; this run must not start. Immutable. */
public final class StateLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    StateLockedException(String message) {
        super(message);
    }
}
