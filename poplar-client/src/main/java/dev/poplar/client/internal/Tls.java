// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client.internal;

import dev.poplar.client.ClientConfig;
import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Client-side TLS: TLS 1.2/1.3 only, certificate chain and host name verified (RFC 2595 §2.4,
 * RFC 6125 via the JDK's "HTTPS" endpoint identification), SNI, ALPN {@code pop3} offered (RFC 7301,
 * RFC 8314). Stateless; safe to use from any thread.
 */
public final class Tls {
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    private Tls() {}

    /** Layers TLS over {@code raw} and completes the handshake; closes {@code raw} on failure. */
    public static Socket handshake(Socket raw, ClientConfig config) throws IOException {
        try {
            SSLContext context = config.sslContext() != null ? config.sslContext() : SSLContext.getDefault();
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(raw, config.host(), config.port(), true);
            SSLParameters p = s.getSSLParameters();
            if (config.verifyHostname()) p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(config.host())) p.setServerNames(List.of(new SNIHostName(config.host())));
            p.setApplicationProtocols(new String[] {"pop3"});
            p.setProtocols(Arrays.stream(s.getSupportedProtocols()).filter(PROTOCOLS::contains).toArray(String[]::new));
            s.setSSLParameters(p);
            s.setSoTimeout((int) config.connectTimeout().toMillis());
            s.startHandshake();
            s.setSoTimeout((int) config.readTimeout().toMillis());
            return s;
        } catch (NoSuchAlgorithmException e) {
            raw.close();
            throw new IOException("no default TLS context", e);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
