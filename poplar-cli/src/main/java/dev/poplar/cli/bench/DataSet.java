// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code poplar bench generate} makes, and where: the parameters of a data set and its layout,
 * which the load scenarios and {@code bench/compare.sh} rely on. Immutable.
 *
 * <pre>
 * DIR/maildirs/user0001 .. userNNNN   M messages each (mixed sizes)
 * DIR/maildirs/bigbox                 K small messages
 * DIR/maildirs/bigmessage             one message of about MB megabytes
 * DIR/maildirs/idle00001 .. idleNNNNN empty
 * DIR/maildirs/probe                  5 small messages
 * DIR/users                           passwd-file for Poplar and Dovecot
 * DIR/passwords                       name TAB password
 * DIR/manifest.json                   parameters and totals, written last
 * </pre>
 *
 * @param seed            names the data set: the same seed and counts give byte-identical mail
 * @param users           how many {@code user*} mailboxes
 * @param messagesPerUser messages in each of them
 * @param bigboxMessages  messages in {@code bigbox}, 0 for no such mailbox
 * @param bigMessageMb    size of the one message in {@code bigmessage} in MiB, 0 for no such mailbox
 * @param idleUsers       how many empty {@code idle*} mailboxes
 * @param scheme          password scheme of the users file ({@link #SCHEMES})
 */
public record DataSet(long seed, int users, int messagesPerUser, int bigboxMessages, int bigMessageMb,
        int idleUsers, String scheme) {

    public static final String MAILDIRS = "maildirs";
    public static final String USERS_FILE = "users";
    public static final String PASSWORDS_FILE = "passwords";
    public static final String MANIFEST = "manifest.json";
    public static final String BIGBOX = "bigbox";
    public static final String BIGMESSAGE = "bigmessage";
    public static final String PROBE = "probe";
    /** The probe mailbox: a few messages a scenario can check a server with before loading it. */
    public static final int PROBE_MESSAGES = 5;
    /** The schemes {@code --scheme} accepts, in Dovecot's spelling. */
    public static final List<String> SCHEMES = List.of("PLAIN", "SHA512-CRYPT", "BLF-CRYPT", "ARGON2ID");
    /**
     * Bumped whenever the same parameters would give different files, so that a manifest tells whether
     * a data set on disk is what this version would make.
     */
    public static final int GENERATOR_VERSION = 1;

    /** The name of user {@code i} (1-based): {@code user0001}; wider past 9999. */
    public static String userName(int i) {
        return String.format("user%04d", i);
    }

    /** The name of idle user {@code i} (1-based): {@code idle00001}; wider past 99999. */
    public static String idleName(int i) {
        return String.format("idle%05d", i);
    }

    /** The Maildir of a mailbox under the data set's directory. */
    public static Path maildir(Path dir, String name) {
        return dir.resolve(MAILDIRS).resolve(name);
    }

    /** Kinds of mailbox, for the totals in the summary and the manifest. */
    public enum Kind {
        USER("user"), BIGBOX("bigbox"), BIGMESSAGE("bigmessage"), IDLE("idle"), PROBE("probe");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A mailbox to make. */
    record Mailbox(Kind kind, String name, int messages) {}

    /** Every mailbox of the data set, in a fixed order (the order of the users and passwords files). */
    List<Mailbox> mailboxes() {
        List<Mailbox> all = new ArrayList<>(users + idleUsers + 3);
        for (int i = 1; i <= users; i++) all.add(new Mailbox(Kind.USER, userName(i), messagesPerUser));
        if (bigboxMessages > 0) all.add(new Mailbox(Kind.BIGBOX, BIGBOX, bigboxMessages));
        if (bigMessageMb > 0) all.add(new Mailbox(Kind.BIGMESSAGE, BIGMESSAGE, 1));
        all.add(new Mailbox(Kind.PROBE, PROBE, PROBE_MESSAGES));
        for (int i = 1; i <= idleUsers; i++) all.add(new Mailbox(Kind.IDLE, idleName(i), 0));
        return all;
    }
}
