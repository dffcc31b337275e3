// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.protocol.Command;
import dev.poplar.protocol.CommandParser;
import dev.poplar.protocol.ResponseCode;
import dev.poplar.protocol.StatusLine;
import dev.poplar.server.internal.SessionState.Authorization;
import dev.poplar.server.internal.SessionState.SaslInProgress;
import dev.poplar.server.sasl.SaslContext;
import dev.poplar.server.sasl.SaslExchange;
import dev.poplar.server.sasl.SaslMechanism;
import dev.poplar.server.sasl.SaslStep;
import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Runs RFC 5034 AUTH exchanges: picks the mechanism, turns challenges into {@code + base64} lines,
 * reads the client's responses (or {@code *} to cancel), and ends in a login or a failure. One per
 * connection; used by its thread only. SASL payloads are never logged.
 */
final class Sasl {
    private final ServerConfig config;
    private final SessionContext session;
    private final Logins logins;

    Sasl(ServerConfig config, SessionContext session, Logins logins) {
        this.config = config;
        this.session = session;
        this.logins = logins;
    }

    private SaslContext context() {
        CredentialStore credentials = config.authenticator() instanceof CredentialStore cs ? cs : null;
        return new SaslContext(config.authenticator(), credentials, config.tokens(), session.channelBinding, config.serverName());
    }

    /** Mechanisms that can work here and may be used on this connection now (protocol.md §4, §6). */
    List<String> usableMechanisms() {
        SaslContext context = context();
        List<String> names = new ArrayList<>();
        for (SaslMechanism m : config.mechanisms()) {
            if (m.isAvailable(context) && (!m.sendsPassword() || session.plaintextAllowed())) names.add(m.name());
        }
        return names;
    }

    Step start(Command.Auth auth) {
        if (auth.mechanism().isEmpty()) {
            // RFC 1734 style listing, still sent by some clients before they choose.
            return Step.reply(new Reply.Listing(StatusLine.ok("Mechanisms follow."), usableMechanisms()), Authorization.FRESH);
        }
        String name = auth.mechanism().get();
        SaslContext context = context();
        SaslMechanism mechanism = config.mechanisms().stream()
                .filter(m -> m.name().equals(name) && m.isAvailable(context)).findFirst().orElse(null);
        if (mechanism == null) return Step.err("Unsupported authentication mechanism.", Authorization.FRESH);
        if (mechanism.sendsPassword() && !session.plaintextAllowed()) {
            LoginLog.plaintextRefused(name, session.remote, session.local);
            return Step.err(ResponseCode.AUTH, "Plaintext authentication is only allowed over TLS; use STLS first.", Authorization.FRESH);
        }
        Optional<Step> refused = logins.admit(null, name);
        if (refused.isPresent()) return refused.get();
        byte[] initial = null;
        if (auth.initialResponse().isPresent()) {
            String ir = auth.initialResponse().get();
            initial = ir.equals("=") ? new byte[0] : Base64.getDecoder().decode(ir); // the parser checked the syntax
        }
        SaslExchange exchange = mechanism.start(context);
        return advance(new SaslInProgress(name, exchange), initial);
    }

    /** A line received while an exchange runs: the client's response, or {@code *}. */
    Step respond(SaslInProgress state, byte[] line) {
        String text = new String(line, StandardCharsets.US_ASCII);
        // RFC 5034 §4: "*" cancels the exchange.
        if (text.equals("*")) return Step.err("Authentication cancelled.", Authorization.FRESH);
        byte[] response;
        if (text.isEmpty()) {
            response = new byte[0];
        } else if (CommandParser.isBase64(text)) {
            response = Base64.getDecoder().decode(text);
        } else {
            // RFC 5034 §4: a response that is not valid base64 fails the exchange.
            return Step.clientError("Invalid base64 in the response; authentication failed.", Authorization.FRESH);
        }
        return advance(state, response);
    }

    private Step advance(SaslInProgress state, byte[] response) {
        SaslStep step;
        try {
            step = state.exchange().step(response);
        } catch (StoreException e) {
            return Logins.unavailable(e);
        }
        return switch (step) {
            case SaslStep.Challenge c -> Step.reply(new Reply.Continuation(Base64.getEncoder().encodeToString(c.data())), state);
            case SaslStep.Success s when s.additionalData() != null -> {
                // RFC 5034 §4: additional data with success goes out as a last challenge; the client
                // answers with an empty line, then gets +OK.
                SaslExchange acknowledge = r -> r.length == 0
                        ? new SaslStep.Success(s.account(), null) : new SaslStep.Failure(s.account().name(), true);
                yield Step.reply(new Reply.Continuation(Base64.getEncoder().encodeToString(s.additionalData())),
                        new SaslInProgress(state.mechanism(), acknowledge));
            }
            case SaslStep.Success s -> logins.succeeded(s.account(), state.mechanism());
            case SaslStep.Failure f -> logins.failed(f.user(), state.mechanism(), response);
        };
    }
}
