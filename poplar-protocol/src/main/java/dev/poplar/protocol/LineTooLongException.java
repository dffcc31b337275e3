// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import java.io.IOException;

/** A peer sent more than the line cap without a line end. The connection cannot be resynchronised. */
public final class LineTooLongException extends IOException {
    public LineTooLongException(int cap) {
        super("line longer than " + cap + " octets");
    }
}
