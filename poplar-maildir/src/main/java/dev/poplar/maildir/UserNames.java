// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

/**
 * The allow-list for account names. A name becomes a directory under the maildir root and a key in the
 * users file, so it must never carry a path separator, a parent reference or a control character
 * (James CVE-2021-40525 and CVE-2022-22931: user names reaching paths). Stateless.
 */
public final class UserNames {
    private UserNames() {}

    /** Longest accepted name, in characters. */
    public static final int MAX_LENGTH = 255;

    /**
     * Whether a name is safe to use as a directory name and a users-file key: 1-255 characters from
     * {@code A-Z a-z 0-9 . _ @ + -}, not starting with {@code .} or {@code -}.
     */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) return false;
        char first = name.charAt(0);
        if (first == '.' || first == '-') return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
            if (!ok) return false;
        }
        return true;
    }
}
