// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Run by {@link LegacyProtocolTest} in a JVM where TLS 1.0/1.1 are not disabled: prints whether a
 * client limited to each protocol gets through a plain JSSE server (the control) and a {@link TlsConfig}
 * server. Arguments: certificate file, key file.
 */
public final class LegacyProtocolProbe {
    private LegacyProtocolProbe() {}

    public static void main(String[] args) throws Exception {
        Path cert = Path.of(args[0]);
        Path key = Path.of(args[1]);
        TlsConfig config = TlsConfig.load(cert, key, TlsOptions.defaults());
        System.out.println("control TLSv1.1: " + (controlAccepts(cert, key, "TLSv1.1") ? "accepted" : "refused"));
        for (String protocol : new String[] {"TLSv1.1", "TLSv1", "TLSv1.2"}) {
            System.out.println("poplar " + protocol + ": " + (poplarAccepts(config, protocol) ? "accepted" : "refused"));
        }
    }

    private static boolean poplarAccepts(TlsConfig config, String protocol) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket plain = listener.accept(); SSLSocket tls = config.wrap(plain)) {
                    TlsConfig.handshake(tls, Duration.ofSeconds(20));
                    tls.getInputStream().read();
                } catch (IOException e) {
                    // refused
                }
            });
            boolean ok = clientHandshakes(listener.getLocalPort(), protocol);
            server.join(Duration.ofSeconds(30));
            return ok;
        }
    }

    /** A JSSE server with the same key and no restrictions beyond this JVM's security properties. */
    private static boolean controlAccepts(Path cert, Path key, String protocol) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] password = "probe".toCharArray();
        KeyMaterial m = KeyMaterial.load(cert, key);
        ks.setKeyEntry("k", m.key(), password, m.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            Thread server = Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    s.getInputStream().read();
                } catch (IOException e) {
                    // refused
                }
            });
            boolean ok = clientHandshakes(listener.getLocalPort(), protocol);
            server.join(Duration.ofSeconds(30));
            return ok;
        }
    }

    private static boolean clientHandshakes(int port, String protocol) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            s.setEnabledProtocols(new String[] {protocol});
            s.startHandshake();
            return protocol.equals(s.getSession().getProtocol());
        } catch (IOException e) {
            return false;
        }
    }

    /** The probe checks protocol versions, not certificates. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
