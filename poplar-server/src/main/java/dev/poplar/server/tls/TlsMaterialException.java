// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A certificate or key file that cannot be used: unreadable, malformed, encrypted, or a key that does
 * not belong to the certificate. The message names the file and the problem and never contains key
 * material, so it can be logged and shown to an operator as is. Immutable.
 */
public final class TlsMaterialException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file the problem is in. */
    private final transient Path file;

    TlsMaterialException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    TlsMaterialException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }
}
