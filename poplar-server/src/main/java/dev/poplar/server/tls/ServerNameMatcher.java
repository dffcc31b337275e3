// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.net.IDN;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.StandardConstants;

/**
 * Strict SNI: accepts a requested host name (RFC 6066 §3) that equals one of the configured names,
 * ignoring case, or that a configured {@code *.example.org} covers with exactly one label
 * (RFC 6125 §6.4.3). JSSE consults it only when the client sends a name, and answers a mismatch with
 * the {@code unrecognized_name} alert. Immutable, thread-safe.
 */
final class ServerNameMatcher extends SNIMatcher {
    private final Set<String> exact = new HashSet<>();
    /** For {@code *.example.org}: {@code .example.org}. */
    private final Set<String> wildcardParents = new HashSet<>();

    ServerNameMatcher(List<String> names) {
        super(StandardConstants.SNI_HOST_NAME);
        if (names.isEmpty()) throw new IllegalArgumentException("strict SNI needs at least one server name");
        for (String name : names) {
            String ascii = normalise(name);
            if (ascii.startsWith("*.")) wildcardParents.add(ascii.substring(1));
            else exact.add(ascii);
        }
    }

    /** The lower-case ASCII (A-label) form of a configured name; fails on a malformed one. */
    static String normalise(String name) {
        boolean wildcard = name.startsWith("*.");
        String host = wildcard ? name.substring(2) : name;
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            new SNIHostName(ascii); // the syntax a client could send
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid server name: " + name, e);
        }
        if (ascii.isEmpty() || ascii.endsWith(".") || ascii.contains("*") || (wildcard && !ascii.contains("."))) {
            throw new IllegalArgumentException("not a valid server name: " + name);
        }
        return wildcard ? "*." + ascii : ascii;
    }

    @Override
    public boolean matches(SNIServerName serverName) {
        if (serverName.getType() != StandardConstants.SNI_HOST_NAME) return false;
        String requested;
        try {
            SNIHostName host = serverName instanceof SNIHostName h ? h : new SNIHostName(serverName.getEncoded());
            requested = host.getAsciiName().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (exact.contains(requested)) return true;
        int dot = requested.indexOf('.');
        return dot > 0 && wildcardParents.contains(requested.substring(dot));
    }

    @Override
    public String toString() {
        return "strict SNI " + exact + " *" + wildcardParents;
    }
}
