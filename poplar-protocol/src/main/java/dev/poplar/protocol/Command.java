// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;


/**
 * A parsed POP3 command. {@link CommandParser} is the only producer; nothing downstream sees the raw line.
 * Message numbers are kept as parsed (up to 10 digits, so possibly larger than any maildrop); range
 * checks belong to the session. All variants are immutable.
 */
public sealed interface Command {

    /** RFC 1939 §7 USER name: the name is the rest of the line. */
    record User(String name) implements Command {
        @Override
        public String toString() {
            return "USER";
        }
    }

    /** RFC 1939 §7 PASS string: the rest of the line, spaces included. Never printed. */
    record Pass(String password) implements Command {
        @Override
        public String toString() {
            return "PASS";
        }
    }

    /** RFC 1939 §5 STAT. */
    record Stat() implements Command {}

    /** RFC 1939 §5 LIST [msg]. */
    record List(java.util.Optional<MessageRef> msg) implements Command {}

    /** RFC 1939 §5 RETR msg. */
    record Retr(MessageRef msg) implements Command {}

    /** RFC 1939 §5 DELE msg. */
    record Dele(MessageRef msg) implements Command {}

    /** Seed extension DELI msg: delete now, atomically and durably. */
    record Deli(MessageRef msg) implements Command {}

    /** Seed extension SLEE: commit like QUIT, then sleep on the open connection. */
    record Slee() implements Command {}

    /** Seed extension WAKE: a fresh session on the sleeping connection. */
    record Wake() implements Command {}

    /** Seed extension QAUT: commit like QUIT, then back to AUTHORIZATION. */
    record Qaut() implements Command {}

    /** RFC 1939 §5 NOOP. */
    record Noop() implements Command {}

    /** RFC 1939 §5 RSET. */
    record Rset() implements Command {}

    /** RFC 1939 §5/§6 QUIT. */
    record Quit() implements Command {}

    /** RFC 1939 §7 TOP msg n. */
    record Top(MessageRef msg, long lines) implements Command {}

    /** RFC 1939 §7 UIDL [msg]. */
    record Uidl(java.util.Optional<MessageRef> msg) implements Command {}

    /** RFC 2449 §5 CAPA. */
    record Capa() implements Command {}

    /** RFC 2595 §4 STLS: no argument. */
    record Stls() implements Command {}

    /**
     * RFC 5034 §4 AUTH [mechanism [initial-response]]. Without a mechanism the server lists its
     * mechanisms (what Outlook-era clients send). The initial response is the base64 text as sent;
     * {@code =} stands for an empty one.
     */
    record Auth(java.util.Optional<String> mechanism, java.util.Optional<String> initialResponse) implements Command {
        @Override
        public String toString() {
            return "AUTH"; // the initial response is a credential
        }
    }

    /** RFC 1939 §7 APOP name digest. */
    record Apop(String name, String digest) implements Command {
        @Override
        public String toString() {
            return "APOP";
        }
    }

    /** RFC 6856 §2 UTF8. */
    record Utf8() implements Command {}

    /** RFC 6856 §3 LANG [language-range]; without an argument the server lists its languages. */
    record Lang(java.util.Optional<String> language) implements Command {}

    /** A keyword we do not implement. The keyword itself is not kept: it is client text (no reflection). */
    record Unknown() implements Command {}

    /** A known keyword with bad arguments, or a line with bytes no command may hold. */
    record Invalid(String reason) implements Command {}
}
