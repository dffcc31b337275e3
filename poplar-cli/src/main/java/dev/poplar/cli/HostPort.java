// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** Parses {@code HOST:PORT} and {@code [IPv6]:PORT} listen addresses. Stateless. */
final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf("]:");
            if (close < 0) throw bad(value);
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || value.indexOf(':') != colon) throw bad(value);
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(value);
        }
        if (p < 0 || p > 65535 || host.isEmpty()) throw bad(value);
        InetSocketAddress address = new InetSocketAddress(host, p);
        if (address.isUnresolved()) throw new CommandLine.TypeConversionException("cannot resolve host '" + host + "'");
        return address;
    }

    private static CommandLine.TypeConversionException bad(String value) {
        return new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT (use [ADDR]:PORT for IPv6)");
    }
}
