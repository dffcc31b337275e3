// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.client.ClientConfig;
import java.util.Locale;

/** The {@code --tls none|starttls|implicit} value of the client commands (fetch, popstate, shell). Stateless. */
final class TlsMode {
    private TlsMode() {}

    /** The client's security mode for the flag's text, or null when it is not one of the three. */
    static ClientConfig.Security parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> ClientConfig.Security.NONE;
            case "starttls" -> ClientConfig.Security.STARTTLS;
            case "implicit" -> ClientConfig.Security.IMPLICIT;
            default -> null;
        };
    }
}
