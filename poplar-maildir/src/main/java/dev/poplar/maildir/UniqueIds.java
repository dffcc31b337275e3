// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import dev.poplar.protocol.Limits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.binary.Base32;

/**
 * Chooses the POP3 unique-id of each message (protocol.md §3): the id another server already showed
 * when we know it, else the Maildir base name when it is a valid unique-id, else one derived from the
 * base name. Ids depend only on the name (and Dovecot's records), so they are the same after a restart
 * or on another node. Stateless.
 */
final class UniqueIds {

    /**
     * Derived ids are {@code H} and the unpadded base32 of the SHA-256 of the base name: 53 characters,
     * within RFC 1939 §7's 70, and never a real Maildir name (those contain a dot).
     */
    static final String DERIVED_PREFIX = "H";

    private static final System.Logger LOG = System.getLogger(UniqueIds.class.getName());

    private UniqueIds() {}

    /** The id derived from a base name. */
    static String derived(String base) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(base.getBytes(StandardCharsets.UTF_8));
            return DERIVED_PREFIX + new Base32().encodeAsString(hash).replace("=", "");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The base name itself when RFC 1939 §7 allows it (1-70 chars in 0x21-0x7E), else its derived id. */
    static String natural(String base) {
        return Limits.isValidUniqueId(base) ? base : derived(base);
    }

    /**
     * Assigns an id to each base name, unique within the list.
     *
     * @param bases     the base names, distinct, in listing order
     * @param preferred for each base name the id to keep if possible (imported from Dovecot), or null
     * @return the ids, in the same order
     */
    static List<String> assign(List<String> bases, List<String> preferred) {
        int n = bases.size();
        List<String> ids = new ArrayList<>(n);
        boolean[] derived = new boolean[n];
        for (int i = 0; i < n; i++) {
            String p = preferred.get(i);
            String base = bases.get(i);
            if (p != null && Limits.isValidUniqueId(p)) {
                ids.add(p);
            } else if (Limits.isValidUniqueId(base)) {
                ids.add(base);
            } else {
                ids.add(derived(base));
                derived[i] = true;
            }
        }
        // protocol.md §3: ids must be unique within the maildrop. Two messages can claim one id (Dovecot
        // recorded the same P value twice, or a base name equals another message's imported id); every
        // message in a clash then falls back to its derived id, which is unique because base names are.
        // Each round derives at least one more id or stops, so there are at most n + 1 rounds.
        for (int round = 0; round <= n; round++) {
            Map<String, List<Integer>> byId = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) byId.computeIfAbsent(ids.get(i), k -> new ArrayList<>(1)).add(i);
            boolean changed = false;
            for (Map.Entry<String, List<Integer>> clash : byId.entrySet()) {
                if (clash.getValue().size() < 2) continue;
                boolean moved = false;
                for (int i : clash.getValue()) {
                    if (derived[i]) continue;
                    LOG.log(System.Logger.Level.WARNING, "unique-id clash on {0}: using the derived id for {1}",
                            clash.getKey(), bases.get(i));
                    ids.set(i, derived(bases.get(i)));
                    derived[i] = true;
                    moved = true;
                }
                if (!moved) throw new IllegalStateException("SHA-256 collision between distinct base names");
                changed = true;
            }
            if (!changed) return ids;
        }
        throw new IllegalStateException("unique-id assignment did not settle");
    }
}
