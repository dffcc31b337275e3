// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A JSSE client for the loopback tests: connects, adjusts its parameters, and handshakes. */
final class TlsClient {
    private TlsClient() {}

    /** Connects and completes the handshake, or throws (typically {@link javax.net.ssl.SSLHandshakeException}). */
    static SSLSocket connect(SSLContext context, int port, Consumer<SSLParameters> adjust) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        try {
            s.setSoTimeout(20_000);
            SSLParameters p = s.getSSLParameters();
            adjust.accept(p);
            s.setSSLParameters(p);
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends a line and returns the server's answer. */
    static String exchange(SSLSocket s, String line) throws IOException {
        s.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
