// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import dev.poplar.testing.scripted.ScriptedMailbox.Message;
import dev.poplar.testing.scripted.ScriptedPop3Server.Config;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;

/**
 * One connection of a {@link ScriptedPop3Server}: the RFC 1939 state machine with the configured
 * faults applied. Runs on its own virtual thread; confined to it.
 */
final class ScriptedSession {
    private static final String DEFAULT_GREETING = "+OK ScriptedPop3Server ready";

    private final Config config;
    private final Consumer<String> recorder;
    private final List<String> stalledVerbs = new ArrayList<>();
    private Socket socket;
    private Wire wire;
    private boolean tlsActive;
    private String user;
    private List<Message> drop; // null in the AUTHORIZATION state
    private boolean[] deleted;
    private String verb = "";

    ScriptedSession(Config config, Socket socket, Consumer<String> recorder) {
        this.config = config;
        this.socket = socket;
        this.recorder = recorder;
        this.tlsActive = config.implicitTls();
    }

    /** Runs until QUIT, a fault that ends the session, or EOF; I/O errors just end it. */
    void run() {
        try {
            wire = new Wire(socket, config.has(Fault.BareLf.class));
            if (stalls("")) return;
            String greeting = config.find(Fault.Greeting.class).map(Fault.Greeting::line).orElse(DEFAULT_GREETING);
            wire.line(greeting);
            if (greeting.startsWith("-ERR")) return;
            while (true) {
                String line = wire.readLine();
                if (line == null) return;
                recorder.accept(line);
                int sp = line.indexOf(' ');
                verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
                String arg = sp < 0 ? "" : line.substring(sp + 1);
                if (stalls(verb)) return;
                boolean more = drop == null ? authorization(arg) : transaction(arg);
                if (!more) return;
            }
        } catch (IOException e) {
            // the client went away or the socket was closed by the test: the session just ends
        }
    }

    private boolean authorization(String arg) throws IOException {
        switch (verb) {
            case "CAPA" -> capa();
            case "USER" -> {
                user = arg;
                status("+OK send PASS");
            }
            case "PASS" -> {
                if (user == null) status("-ERR USER first");
                else login(user, arg.equals(config.users().getOrDefault(user, arg)) && known(user));
            }
            case "APOP" -> apop(arg);
            case "STLS" -> {
                return stls();
            }
            case "QUIT" -> {
                status("+OK bye");
                return false;
            }
            default -> status("-ERR unknown command in AUTHORIZATION state");
        }
        return true;
    }

    private boolean transaction(String arg) throws IOException {
        switch (verb) {
            case "CAPA" -> capa();
            case "NOOP" -> status("+OK");
            case "STAT" -> Transfers.stat(this);
            case "LIST" -> Listings.list(this, arg);
            case "UIDL" -> {
                if (config.has(Fault.NoUidl.class)) status("-ERR unknown command");
                else Listings.uidl(this, arg);
            }
            case "RETR" -> {
                return Transfers.retr(this, arg);
            }
            case "TOP" -> Transfers.top(this, arg);
            case "DELE" -> {
                int n = number(arg);
                if (n > 0) {
                    deleted[n - 1] = true;
                    status("+OK message " + n + " deleted");
                }
            }
            case "RSET" -> {
                deleted = new boolean[drop.size()];
                status("+OK maildrop has " + drop.size() + " messages");
            }
            case "QUIT" -> {
                quit();
                return false;
            }
            default -> status("-ERR unknown command in TRANSACTION state");
        }
        return true;
    }

    private boolean known(String name) {
        return config.users().isEmpty() || config.users().containsKey(name);
    }

    private void login(String name, boolean ok) throws IOException {
        if (!ok) {
            user = null;
            status("-ERR [AUTH] invalid user name or password");
            return;
        }
        drop = config.mailbox().snapshot();
        deleted = new boolean[drop.size()];
        status("+OK " + name + "'s maildrop has " + drop.size() + " messages");
    }

    /** RFC 1939 section 7: MD5 of the greeting's timestamp followed by the shared secret. */
    private void apop(String arg) throws IOException {
        String greeting = config.find(Fault.Greeting.class).map(Fault.Greeting::line).orElse("");
        int lt = greeting.indexOf('<'), gt = greeting.indexOf('>', lt + 1);
        int sp = arg.lastIndexOf(' ');
        if (lt < 0 || gt < 0 || sp < 0) {
            status("-ERR APOP not available");
            return;
        }
        String name = arg.substring(0, sp), digest = arg.substring(sp + 1);
        String secret = config.users().get(name);
        boolean ok = config.users().isEmpty() || (secret != null && digest.equalsIgnoreCase(md5(greeting.substring(lt, gt + 1) + secret)));
        login(name, ok);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean stlsOffered() {
        return config.tls() != null && !tlsActive && !config.has(Fault.StlsNotAdvertised.class);
    }

    private void capa() throws IOException {
        List<String> caps = new ArrayList<>(List.of("TOP", "USER", "PIPELINING", "RESP-CODES", "AUTH-RESP-CODE"));
        if (!config.has(Fault.NoUidl.class)) caps.add(1, "UIDL");
        if (stlsOffered()) caps.add("STLS");
        caps.add("IMPLEMENTATION ScriptedPop3Server");
        status("+OK capability list follows");
        List<byte[]> lines = caps.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toList();
        wire.bodyAndDot(Wire.render(lines, wire.eol(), true));
    }

    /** RFC 2595 section 4: STLS, then a fresh AUTHORIZATION state inside TLS. */
    private boolean stls() throws IOException {
        boolean possible = config.tls() != null && !tlsActive;
        if (!possible || config.has(Fault.StlsRefused.class) || config.has(Fault.StlsNotAdvertised.class)) {
            status("-ERR STLS not available");
            return true;
        }
        String injected = config.find(Fault.StlsInjection.class).map(Fault.StlsInjection::injected).orElse("");
        wire.lineThen("+OK begin TLS negotiation", injected.getBytes(StandardCharsets.UTF_8));
        // Bytes the client sent after STLS in plaintext stay in the old reader and are dropped.
        SSLSocket tls = (SSLSocket) config.tls().getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        socket = tls;
        wire = new Wire(socket, config.has(Fault.BareLf.class));
        tlsActive = true;
        user = null;
        return true;
    }

    private void quit() throws IOException {
        var dropOnQuit = config.find(Fault.DropOnQuit.class);
        if (dropOnQuit.isPresent()) {
            if (dropOnQuit.get().commitFirst()) commit();
            return; // closed by the caller, no reply
        }
        if (config.has(Fault.QuitRefused.class)) {
            status("-ERR [SYS/TEMP] could not remove deleted messages");
            return;
        }
        commit();
        status("+OK bye");
    }

    private void commit() {
        List<Message> gone = new ArrayList<>();
        for (int i = 0; i < drop.size(); i++) if (deleted[i]) gone.add(drop.get(i));
        config.mailbox().commit(gone);
    }

    /** A message number that exists and is not deleted, or 0 after answering {@code -ERR}. */
    int number(String arg) throws IOException {
        int n;
        try {
            n = Integer.parseInt(arg.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > drop.size()) status("-ERR no such message");
        else if (deleted[n - 1]) status("-ERR message " + n + " already deleted");
        else return n;
        return 0;
    }

    /** Sends a status line, padded when a {@link Fault.LongReply} names the current verb. */
    void status(String line) throws IOException {
        for (Fault.LongReply f : config.all(Fault.LongReply.class)) {
            if (f.verb().equalsIgnoreCase(verb) && line.startsWith("+OK") && line.length() < f.length()) {
                line = line + " " + "x".repeat(f.length() - line.length() - 1);
            }
        }
        wire.line(line);
    }

    Config config() {
        return config;
    }

    Wire wire() {
        return wire;
    }

    List<Message> drop() {
        return drop;
    }

    boolean[] deleted() {
        return deleted;
    }

    /** True (after draining) when the fault list stalls this verb and it has not stalled yet. */
    private boolean stalls(String v) throws IOException {
        for (Fault.StallOn f : config.all(Fault.StallOn.class)) {
            if (f.verb().equalsIgnoreCase(v) && !stalledVerbs.contains(v)) {
                stalledVerbs.add(v);
                drain();
                return true;
            }
        }
        return false;
    }

    /** Answers nothing more; records what still arrives until the client (or the test) closes. */
    void drain() throws IOException {
        for (String line; (line = wire.readLine()) != null; ) recorder.accept(line);
    }
}
