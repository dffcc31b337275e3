// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import java.io.IOException;

/**
 * The client refused to go on because the connection would not be as secure as configured: STLS was
 * required but not offered or refused, or a password would cross an unencrypted connection. Nothing
 * secret was sent. Immutable; safe to pass between threads.
 */
public final class SecurityPolicyException extends IOException {
    public SecurityPolicyException(String message) {
        super(message);
    }
}
