// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.util.Objects;

/**
 * A password in a scheme Poplar does not check yet (for example {@code {CRAM-MD5}} or
 * {@code {SCRAM-SHA-1}}). The entry is kept so that a later mechanism can use it, but it never matches a
 * USER/PASS password. Immutable.
 *
 * @param schemeName the scheme name as written between the braces
 * @param data       everything after the closing brace
 */
public record UnsupportedScheme(String schemeName, String data) implements StoredPassword {
    public UnsupportedScheme {
        Objects.requireNonNull(schemeName, "schemeName");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean matches(byte[] password) {
        return false;
    }

    @Override
    public boolean isKeyStretched() {
        return false;
    }

    @Override
    public String encoded() {
        return "{" + schemeName + "}" + data;
    }

    @Override
    public String toString() {
        return "UnsupportedScheme[" + schemeName + ", redacted]";
    }
}
