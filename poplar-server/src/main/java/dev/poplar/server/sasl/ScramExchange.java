// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.protocol.Saslprep;
import dev.poplar.server.sasl.ScramMessages.ClientFinal;
import dev.poplar.server.sasl.ScramMessages.ClientFirst;
import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.ScramCredential;
import dev.poplar.server.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One SCRAM-SHA-256(-PLUS) exchange, server side (RFC 5802 §5): client-first, server-first,
 * client-final, server-final. Used by one session thread.
 */
final class ScramExchange implements SaslExchange {

    private sealed interface State {}

    /** Waiting for client-first-message; {@code challenged} once the empty challenge went out. */
    private record AwaitFirst(boolean challenged) implements State {}

    /** Waiting for client-final-message. {@code fake} marks the stand-in credential of an unknown user. */
    private record AwaitFinal(Gs2Header header, String user, String clientFirstBare, String serverFirst, String nonce,
                              ScramCredential credential, boolean fake) implements State {}

    private record Done(String user) implements State {}

    private final SaslContext context;
    private final boolean plus;
    private final int fakeIterations;
    private final Supplier<String> serverNonce;
    private State state = new AwaitFirst(false);

    ScramExchange(SaslContext context, boolean plus, int fakeIterations, Supplier<String> serverNonce) {
        this.context = context;
        this.plus = plus;
        this.fakeIterations = fakeIterations;
        this.serverNonce = serverNonce;
    }

    @Override
    public SaslStep step(byte[] response) throws StoreException {
        return switch (state) {
            case AwaitFirst first when response == null && !first.challenged() -> {
                // RFC 4422 §5: no initial response, so an empty challenge asks for client-first-message.
                state = new AwaitFirst(true);
                yield new SaslStep.Challenge(new byte[0]);
            }
            case AwaitFirst first -> clientFirst(response);
            case AwaitFinal expect -> clientFinal(expect, response);
            case Done done -> SaslCodec.malformed(done.user());
        };
    }

    private SaslStep clientFirst(byte[] response) throws StoreException {
        state = new Done(null);
        String text = SaslCodec.bounded(response) ? SaslCodec.utf8(response) : null;
        ClientFirst first = text == null ? null : ClientFirst.parse(text);
        if (first == null) return SaslCodec.malformed(null);
        String user = first.user();
        state = new Done(user);
        Gs2Header header = first.header();
        if (plus) {
            // RFC 5802 §6: with -PLUS the client must require channel binding, of a type we support.
            if (header.flag() != 'p' || !Gs2Header.TLS_SERVER_END_POINT.equals(header.cbName())) return SaslCodec.malformed(user);
            if (!ScramSha256Mechanism.hasChannelBinding(context)) return SaslCodec.denied(user);
        } else {
            // RFC 5802 §6: "p" belongs to -PLUS; "y" while we offer -PLUS means someone stripped it
            // from the mechanism list (a downgrade), and the server MUST fail.
            if (header.flag() == 'p') return SaslCodec.malformed(user);
            if (header.flag() == 'y' && ScramSha256Mechanism.hasChannelBinding(context)) return SaslCodec.denied(user);
        }
        // RFC 5802 §5.1: we do no proxy authorization; an authzid must name the user itself.
        if (header.authzid() != null && !user.equals(prepareOrNull(header.authzid()))) return SaslCodec.denied(user);
        Optional<ScramCredential> stored = context.credentials() == null ? Optional.empty() : context.credentials().scramSha256(user);
        boolean fake = stored.isEmpty() || !ScramKeys.usable(stored.get());
        // RFC 5802 §9 / RFC 7677 §4: an unknown user gets a stable stand-in salt, so the exchange looks the same.
        if (!fake) ScramKeys.observe(stored.get());
        ScramCredential credential = fake ? ScramKeys.fake(user, fakeIterations) : stored.get();
        String nonce = first.clientNonce() + serverNonce.get();
        String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt())
                + ",i=" + credential.iterations();
        state = new AwaitFinal(header, user, first.bare(), serverFirst, nonce, credential, fake);
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.US_ASCII));
    }

    private SaslStep clientFinal(AwaitFinal expect, byte[] response) {
        String user = expect.user();
        state = new Done(user);
        String text = SaslCodec.bounded(response) ? SaslCodec.utf8(response) : null;
        ClientFinal last = text == null ? null : ClientFinal.parse(text);
        // RFC 5802 §5.1: the nonce must be exactly the one from server-first-message.
        if (last == null || !last.nonce().equals(expect.nonce())) return SaslCodec.malformed(user);
        // RFC 5802 §6/§7: c= is base64 of the GS2 header as sent, plus the channel binding data for "p".
        if (!SaslCodec.sameBytes(last.channelBinding(), cbindInput(expect.header()))) return SaslCodec.denied(user);
        byte[] authMessage = SaslCodec.utf8Bytes(expect.clientFirstBare() + "," + expect.serverFirst() + "," + last.withoutProof());
        boolean proofOk = ScramKeys.proofMatches(expect.credential(), authMessage, last.proof());
        if (!proofOk || expect.fake()) return SaslCodec.denied(user);
        // RFC 5802 §5.1: server-final-message = "v=" base64(ServerSignature), sent as additional data.
        String verifier = "v=" + Base64.getEncoder().encodeToString(ScramKeys.serverSignature(expect.credential(), authMessage));
        return new SaslStep.Success(new Account(user), verifier.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] cbindInput(Gs2Header header) {
        byte[] gs2 = header.text().getBytes(StandardCharsets.UTF_8);
        if (header.flag() != 'p') return gs2;
        byte[] cb = context.channelBinding();
        byte[] input = new byte[gs2.length + cb.length];
        System.arraycopy(gs2, 0, input, 0, gs2.length);
        System.arraycopy(cb, 0, input, gs2.length, cb.length);
        return input;
    }

    private static String prepareOrNull(String name) {
        try {
            return Saslprep.prepare(name, false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
