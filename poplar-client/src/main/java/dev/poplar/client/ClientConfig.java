// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * How to reach and talk to one POP3 server. Immutable once built (the trace consumer and the SSL
 * context are shared as given); build with {@link #builder(String)}.
 *
 * @param host                the server name; also the name the certificate must carry and the SNI name
 * @param port                the TCP port
 * @param security            NONE, STARTTLS or IMPLICIT; TLS asked for means TLS or failure, never plaintext
 * @param sslContext          trust and keys for TLS; {@code null} for the JDK default
 * @param verifyHostname      check the certificate against {@code host} (RFC 2595 §2.4, RFC 6125); on by default
 * @param connectTimeout      TCP connect and TLS handshake timeout
 * @param readTimeout         longest wait for any read
 * @param messageTimeout      longest time for one whole RETR or TOP body
 * @param allowPlaintextLogin send passwords (USER/PASS, PLAIN, LOGIN, tokens) without TLS; off by default
 * @param pipelineWindow      most commands outstanding in {@link Pop3Client#retrieveAll} with PIPELINING
 * @param maxLineOctets       longest line accepted from the server (status, listing or message line)
 * @param trace               protocol trace with secrets redacted, or {@code null}
 */
public record ClientConfig(String host, int port, Security security, SSLContext sslContext, boolean verifyHostname,
        Duration connectTimeout, Duration readTimeout, Duration messageTimeout, boolean allowPlaintextLogin,
        int pipelineWindow, int maxLineOctets, Consumer<String> trace) {

    /** How the connection is protected. */
    public enum Security {
        /** Plain TCP. */
        NONE,
        /** Plain TCP, then STLS (RFC 2595 §4) before anything else; failure if the server cannot. */
        STARTTLS,
        /** TLS from the first byte (RFC 8314). */
        IMPLICIT
    }

    public ClientConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port");
        if (pipelineWindow < 1) throw new IllegalArgumentException("pipelineWindow");
        if (maxLineOctets < 1024) throw new IllegalArgumentException("maxLineOctets");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(messageTimeout, "messageTimeout");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name);
    }

    /** A builder with safe defaults: port by security (110/995), verification on, finite timeouts. */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    /** Builds a {@link ClientConfig}. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private int port;
        private Security security = Security.NONE;
        private SSLContext sslContext;
        private boolean verifyHostname = true;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(120);
        private Duration messageTimeout = Duration.ofMinutes(30);
        private boolean allowPlaintextLogin;
        private int pipelineWindow = 16;
        private int maxLineOctets = 1 << 20;
        private Consumer<String> trace;

        private Builder(String host) {
            this.host = Objects.requireNonNull(host);
        }

        public Builder port(int port) { this.port = port; return this; }
        public Builder security(Security security) { this.security = security; return this; }
        public Builder sslContext(SSLContext context) { this.sslContext = context; return this; }
        /** Turning this off accepts any name on a trusted certificate: only for tests. */
        public Builder verifyHostname(boolean verify) { this.verifyHostname = verify; return this; }
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder readTimeout(Duration d) { this.readTimeout = d; return this; }
        public Builder messageTimeout(Duration d) { this.messageTimeout = d; return this; }
        public Builder allowPlaintextLogin(boolean allow) { this.allowPlaintextLogin = allow; return this; }
        public Builder pipelineWindow(int window) { this.pipelineWindow = window; return this; }
        public Builder maxLineOctets(int octets) { this.maxLineOctets = octets; return this; }
        public Builder trace(Consumer<String> trace) { this.trace = trace; return this; }

        public ClientConfig build() {
            int p = port != 0 ? port : security == Security.IMPLICIT ? 995 : 110;
            return new ClientConfig(host, p, security, sslContext, verifyHostname, connectTimeout, readTimeout,
                    messageTimeout, allowPlaintextLogin, pipelineWindow, maxLineOctets, trace);
        }
    }
}
