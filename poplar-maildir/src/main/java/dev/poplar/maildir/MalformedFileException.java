// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;

/**
 * A file we parse (our index or journal, Dovecot's uidlist) is not in the expected form or exceeds a
 * bound. Unlike other I/O errors this one is not worth retrying. Immutable.
 */
final class MalformedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedFileException(String detail) {
        super(detail);
    }
}
