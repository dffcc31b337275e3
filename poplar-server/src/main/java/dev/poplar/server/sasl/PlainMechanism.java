// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.StoreException;
import java.util.Arrays;
import java.util.Optional;

/**
 * PLAIN (RFC 4616): one message {@code [authzid] NUL authcid NUL passwd}, checked with the
 * {@link dev.poplar.server.spi.Authenticator}. Stateless and thread-safe; each exchange belongs to one
 * session thread.
 */
final class PlainMechanism implements SaslMechanism {

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean sendsPassword() {
        return true;
    }

    @Override
    public boolean isAvailable(SaslContext context) {
        return context.authenticator() != null;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new Exchange(context);
    }

    private static final class Exchange implements SaslExchange {
        private final SaslContext context;
        private boolean challenged;
        private boolean done;

        Exchange(SaslContext context) {
            this.context = context;
        }

        @Override
        public SaslStep step(byte[] response) throws StoreException {
            if (done) return SaslCodec.malformed(null);
            if (response == null && !challenged) {
                // RFC 4422 §5 and RFC 4616 §2: without an initial response the server sends an empty challenge.
                challenged = true;
                return new SaslStep.Challenge(new byte[0]);
            }
            done = true;
            return check(response);
        }

        private SaslStep check(byte[] response) throws StoreException {
            if (!SaslCodec.bounded(response)) return SaslCodec.malformed(null);
            // RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd, exactly two NULs.
            int first = indexOf(response, 0);
            int second = first < 0 ? -1 : indexOf(response, first + 1);
            if (second < 0 || indexOf(response, second + 1) >= 0) return SaslCodec.malformed(null);
            String authzid = SaslCodec.utf8(Arrays.copyOfRange(response, 0, first));
            String authcid = SaslCodec.utf8(Arrays.copyOfRange(response, first + 1, second));
            String passwd = SaslCodec.utf8(Arrays.copyOfRange(response, second + 1, response.length));
            if (authzid == null || authcid == null || passwd == null) return SaslCodec.malformed(null);
            // RFC 4616 §2: authcid and passwd are 1*SAFE.
            if (!SaslCodec.plausibleUser(authcid)) return SaslCodec.malformed(null);
            if (passwd.isEmpty()) return SaslCodec.malformed(authcid);
            // RFC 4616 §2: the server may refuse an authzid it will not act as. We do no proxy
            // authorization, so it must be empty or the authcid itself; the password is not checked.
            if (!authzid.isEmpty() && !authzid.equals(authcid)) return SaslCodec.denied(authcid);
            if (context.authenticator() == null) return SaslCodec.denied(authcid);
            Optional<Account> account = context.authenticator().authenticate(authcid, passwd);
            return account.<SaslStep>map(a -> new SaslStep.Success(a, null)).orElseGet(() -> SaslCodec.denied(authcid));
        }

        private static int indexOf(byte[] b, int from) {
            for (int i = from; i < b.length; i++) {
                if (b[i] == 0) return i;
            }
            return -1;
        }
    }
}
