// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.util.HashMap;
import java.util.Map;

/**
 * Chooses what an unknown name is checked against (RFC 1939 §13: the answer must not come back
 * faster than for a real user): a stored password of the most common kind and cost in the file, so
 * that an unknown name costs what most known names cost. A file of {@code {PLAIN}} users is then not
 * made to pay an Argon2id hash at every login, and a file of Argon2id users still is. The reference's
 * own result is always ignored, so it being some user's real entry gives nothing away.
 */
final class PaddingReference {
    private PaddingReference() {}

    /** The reference for these entries, or null when none has a supported scheme (the caller's default applies). */
    static StoredPassword of(Iterable<UserEntry> entries) {
        Map<String, Integer> counts = new HashMap<>();
        StoredPassword best = null;
        int bestCount = 0;
        for (UserEntry e : entries) {
            String cost = costClass(e.password());
            if (cost == null) continue;
            int n = counts.merge(cost, 1, Integer::sum);
            // On a tie the key-stretched kind wins: padding too much is slow, padding too little leaks.
            if (n > bestCount || (n == bestCount && e.password().isKeyStretched() && !best.isKeyStretched())) {
                best = e.password();
                bestCount = n;
            }
        }
        return best;
    }

    /** Scheme and cost parameters: two entries of one class take the same time to check. */
    static String costClass(StoredPassword p) {
        return switch (p) {
            case PlainPassword plain -> "PLAIN";
            case ShaCryptHash s -> s.scheme() + "/" + s.rounds();
            case BcryptHash b -> "BLF-CRYPT/" + b.cost();
            case Argon2Hash a -> a.scheme() + "/" + a.memoryKib() + "/" + a.iterations() + "/" + a.lanes();
            case ScramSha256Hash s -> "SCRAM-SHA-256/" + s.iterations();
            case UnsupportedScheme u -> null;
        };
    }
}
