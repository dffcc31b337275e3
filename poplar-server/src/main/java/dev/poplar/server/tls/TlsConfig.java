// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The server's TLS material and policy: a certificate chain and key from PEM files, and the settings
 * of {@link TlsParameters} (TLS 1.3 and 1.2, AEAD suites with forward secrecy, ALPN {@code pop3},
 * optional strict SNI). Used for implicit TLS (port 995, RFC 8314 §3.3) and for STLS (RFC 2595 §4).
 * Thread-safe: {@link #wrap} may run on any number of threads while {@link #reload} swaps the
 * material; each socket keeps the material it was wrapped with.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.load(Path.of("fullchain.pem"), Path.of("privkey.pem"), TlsOptions.defaults());
 * SSLSocket s = tls.wrap(accepted);
 * TlsConfig.handshake(s, Duration.ofSeconds(30));
 * }</pre>
 */
public final class TlsConfig {
    private static final Logger LOG = System.getLogger(TlsConfig.class.getName());

    private final Path certChain;
    private final Path key;
    private final TlsOptions options;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Active active;

    /** One generation of material: the context (with its own session cache) and the SNI policy. */
    private record Active(KeyMaterial material, SSLContext context, String[] cipherSuites, SNIMatcher sni) {}

    private TlsConfig(Path certChain, Path key, TlsOptions options) {
        this.certChain = certChain;
        this.key = key;
        this.options = options;
    }

    /**
     * Reads the certificate chain (PEM, server certificate first) and the unencrypted private key
     * (PKCS#8, PKCS#1 or SEC1 PEM) and checks that they belong together.
     *
     * @throws TlsMaterialException if a file is unreadable, malformed or encrypted, the key is not the
     *                              certificate's, or strict SNI has no names
     */
    public static TlsConfig load(Path certChain, Path key, TlsOptions options) throws IOException {
        TlsConfig config = new TlsConfig(Objects.requireNonNull(certChain), Objects.requireNonNull(key), Objects.requireNonNull(options));
        config.active = config.read();
        return config;
    }

    /**
     * Reads the files again; new handshakes use the new material, established sessions keep theirs.
     * On failure the current material stays in use and the exception says why. Serialised with
     * other reloads.
     */
    public void reload() throws IOException {
        reloading.lock();
        try {
            active = read();
        } finally {
            reloading.unlock();
        }
    }

    private Active read() throws TlsMaterialException {
        KeyMaterial material = KeyMaterial.load(certChain, key);
        SNIMatcher sni = null;
        if (options.strictSni()) {
            List<String> names = options.serverNames().isEmpty() ? dnsNames(material.leaf()) : options.serverNames();
            if (names.isEmpty()) throw new TlsMaterialException(certChain, "strict SNI needs server names, and the certificate has no DNS names");
            sni = new ServerNameMatcher(names);
        }
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            // No trust managers: the server asks for no client certificates.
            context.init(new KeyManager[] {new SingleKeyManager(material)}, new TrustManager[0], null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a TLS context", e);
        }
        warnAbout(material.leaf());
        return new Active(material, context, TlsParameters.cipherSuites(context), sni);
    }

    private void warnAbout(X509Certificate leaf) {
        Date now = new Date();
        if (now.after(leaf.getNotAfter())) {
            LOG.log(Level.WARNING, "{0}: the certificate expired on {1}", certChain, leaf.getNotAfter().toInstant());
        } else if (now.before(leaf.getNotBefore())) {
            LOG.log(Level.WARNING, "{0}: the certificate is not valid before {1}", certChain, leaf.getNotBefore().toInstant());
        }
        try {
            if (Files.getPosixFilePermissions(key).contains(PosixFilePermission.OTHERS_READ)) {
                LOG.log(Level.WARNING, "{0}: the private key is readable by every user; chmod 600 or 640", key);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static List<String> dnsNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives == null) return names;
            for (List<?> entry : alternatives) {
                if (entry.size() == 2 && Integer.valueOf(2).equals(entry.get(0)) && entry.get(1) instanceof String dns) names.add(dns); // dNSName
            }
        } catch (CertificateParsingException e) {
            LOG.log(Level.WARNING, "unreadable subject alternative names: " + e.getMessage());
        }
        return names;
    }

    /**
     * Layers a server-mode TLS socket over a connected plain socket, with the policy applied and the
     * handshake not yet started; closing it closes {@code plain}. For STLS, the caller must first make
     * sure that no byte after the STLS line was read into a buffer (RFC 2595 §4, CVE-2021-38084):
     * this method reads from {@code plain} itself and never takes bytes already consumed.
     */
    public SSLSocket wrap(Socket plain) throws IOException {
        if (!plain.isConnected() || plain.isClosed()) throw new IOException("the socket is not connected");
        Active a = active;
        SSLSocket tls = (SSLSocket) a.context().getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        try {
            tls.setUseClientMode(false); // before the parameters: switching modes resets defaults
            tls.setSSLParameters(TlsParameters.server(a.cipherSuites(), a.sni()));
            return tls;
        } catch (RuntimeException e) {
            tls.close();
            throw e;
        }
    }

    /**
     * Runs the handshake of a wrapped socket, bounded by {@code timeout} in total (a per-read
     * SO_TIMEOUT, restored afterwards, and a deadline that closes the socket). On failure or timeout
     * the socket is closed and an {@link IOException} ({@link java.net.SocketTimeoutException} for a
     * timeout) is thrown. Call it on the connection's own thread.
     */
    public static void handshake(SSLSocket socket, Duration timeout) throws IOException {
        HandshakeDeadline.run(socket, timeout);
    }

    /**
     * RFC 5929 {@code tls-server-end-point} for a server-side session (for SCRAM-SHA-256-PLUS), or
     * {@code null} where it is undefined (e.g. an Ed25519 certificate); see {@link ChannelBinding}.
     */
    public static byte[] tlsServerEndPoint(SSLSession session) {
        return ChannelBinding.tlsServerEndPoint(session);
    }

    /** The server certificate now in use (for logs and expiry checks). */
    public X509Certificate certificate() {
        return active.material().leaf();
    }

    /** The certificate chain now in use, server certificate first. */
    public List<X509Certificate> certificateChain() {
        return active.material().chain();
    }

    public TlsOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "TlsConfig[" + certChain + ", " + key + ", " + options + "]";
    }
}
