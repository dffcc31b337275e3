// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client.internal;

import dev.poplar.client.Mechanism;
import dev.poplar.client.Pop3Exception;
import dev.poplar.client.ProtocolException;
import dev.poplar.protocol.CommandParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One RFC 5034 AUTH exchange on the wire: the AUTH line (with the initial response when it fits the
 * 255-octet line, else as the first response), challenges and responses in base64, {@code *} to cancel
 * on a bad challenge. Every payload is redacted in the trace. Stateless; used by one client thread.
 */
public final class AuthExchange {
    /** RFC 5034 §4: the AUTH command line is at most 255 octets; longer initial responses go separately. */
    private static final int MAX_AUTH_LINE = 255;
    private static final int MAX_ROUNDS = 16;

    private AuthExchange() {}

    /** Runs the exchange; returns on {@code +OK} (after the mechanism's own success check), else throws. */
    public static void run(Wire wire, Mechanism mechanism, SaslSteps steps) throws IOException {
        byte[] initial = steps.initial();
        String command = "AUTH " + mechanism.wire();
        byte[] pending = null;
        if (initial != null) {
            // RFC 5034 §4: "=" is an empty initial response.
            String encoded = initial.length == 0 ? "=" : Base64.getEncoder().encodeToString(initial);
            if (command.length() + 1 + encoded.length() + 2 <= MAX_AUTH_LINE) command += " " + encoded;
            else pending = initial;
        }
        wire.send(command.getBytes(StandardCharsets.US_ASCII),
                initial != null && pending == null ? "AUTH " + mechanism.wire() + " " + Wire.REDACTED : command);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Wire.Reply r = wire.readReply(true, true);
            if (r.status() != null) {
                if (!r.status().ok()) throw new Pop3Exception(r.status().code(), r.status().text());
                try {
                    steps.checkSuccess(); // SCRAM: the server's signature must verify
                } catch (ProtocolException e) {
                    throw wire.fail(e);
                }
                return;
            }
            byte[] response;
            if (pending != null) {
                response = pending;
                pending = null;
            } else {
                String challenge = r.continuation().trim();
                if (!CommandParser.isBase64(challenge)) throw cancel(wire, new ProtocolException("SASL challenge is not base64"));
                try {
                    response = steps.respond(Base64.getDecoder().decode(challenge));
                } catch (ProtocolException | IllegalArgumentException e) {
                    throw cancel(wire, e instanceof ProtocolException p ? p : new ProtocolException("bad SASL challenge"));
                }
            }
            wire.send(Base64.getEncoder().encode(response), Wire.REDACTED);
        }
        throw wire.fail(new ProtocolException("SASL exchange did not end"));
    }

    /** RFC 5034 §4: "*" cancels; the server answers -ERR, then the error is thrown. */
    private static ProtocolException cancel(Wire wire, ProtocolException e) throws IOException {
        wire.send("*");
        wire.readStatus();
        return e;
    }
}
