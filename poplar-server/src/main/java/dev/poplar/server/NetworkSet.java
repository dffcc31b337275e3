// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A set of IP networks: trusted networks, exemptions, the plaintext-login policy (protocol.md §6).
 * Immutable and thread-safe.
 *
 * <p>Syntax: {@code none} (the empty set), or a comma-separated list of items, each a CIDR block
 * ({@code 192.0.2.0/24}, {@code 2001:db8::/32}), a bare address (a /32 or /128), or the word
 * {@code loopback} (127.0.0.0/8 and ::1, RFC 1122 §3.2.1.3 and RFC 4291 §2.5.3). Whitespace around items
 * is ignored; words are case-insensitive. Only literals are accepted: this class never looks up a name.
 * A block with host bits set ({@code 10.1.2.3/8}) is refused, since it is usually a typo. IPv4-mapped IPv6
 * addresses (RFC 4291 §2.5.5.2) are treated as the IPv4 address they carry, both in the list and in
 * {@link #contains}. {@link #toString()} gives the canonical form, which {@link #parse} reads back to an
 * equal set.
 */
public final class NetworkSet implements Predicate<InetAddress> {
    /** The empty set. */
    public static final NetworkSet NONE = new NetworkSet(List.of(), List.of());
    /** 127.0.0.0/8 and ::1 (and so also ::ffff:127.0.0.0/104). */
    public static final NetworkSet LOOPBACK = parse("loopback");

    private static final String LOOPBACK_WORD = "loopback";
    private static final String NONE_WORD = "none";

    private final List<String> items; // canonical text of each item, in order, without duplicates
    private final List<Block> blocks;

    private NetworkSet(List<String> items, List<Block> blocks) {
        this.items = items;
        this.blocks = blocks;
    }

    /**
     * Parses a network list.
     *
     * @throws IllegalArgumentException naming the offending item if the text is not a valid list
     */
    public static NetworkSet parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("empty network list (write 'none' for no networks)");
        String[] parts = spec.split(",", -1);
        if (parts.length == 1 && parts[0].strip().equalsIgnoreCase(NONE_WORD)) return NONE;
        Set<String> items = new LinkedHashSet<>();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String item = parts[i].strip();
            if (item.isEmpty()) throw new IllegalArgumentException("empty item at position " + (i + 1) + " in network list '" + spec + "'");
            if (item.equalsIgnoreCase(NONE_WORD)) throw new IllegalArgumentException("'none' cannot be combined with other networks in '" + spec + "'");
            if (item.equalsIgnoreCase(LOOPBACK_WORD)) {
                if (items.add(LOOPBACK_WORD)) {
                    blocks.add(new Block(new byte[] {127, 0, 0, 0}, 8));
                    blocks.add(new Block(parseIpv6("::1"), 128));
                }
                continue;
            }
            Block block = parseBlock(item);
            if (items.add(block.toString())) blocks.add(block);
        }
        return new NetworkSet(List.copyOf(items), List.copyOf(blocks));
    }

    /** Whether the address lies in one of the networks; an IPv4-mapped IPv6 address matches as its IPv4 address. */
    public boolean contains(InetAddress address) {
        byte[] a = unmap(address.getAddress());
        byte[] mapped = a.length == 4 ? mapped(a) : null; // so that, say, ::/0 also covers IPv4 clients
        for (Block b : blocks) {
            if (b.matches(a) || (mapped != null && b.matches(mapped))) return true;
        }
        return false;
    }

    /** Same as {@link #contains}, so that a set can serve wherever an address predicate is expected. */
    @Override
    public boolean test(InetAddress address) {
        return contains(address);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSet other && items.equals(other.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    /** The canonical text: {@code none}, or the items joined by commas. */
    @Override
    public String toString() {
        return items.isEmpty() ? NONE_WORD : String.join(",", items);
    }

    private static Block parseBlock(String item) {
        int slash = item.indexOf('/');
        String host = (slash < 0 ? item : item.substring(0, slash)).strip();
        boolean v6 = host.indexOf(':') >= 0;
        byte[] address = v6 ? parseIpv6(host) : parseIpv4(host);
        if (address == null) throw bad(item, "not an IPv4 or IPv6 address literal (names are not accepted)");
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = item.substring(slash + 1).strip();
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(item, "prefix length must be a number from 0 to " + max);
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) throw bad(item, "prefix length must be a number from 0 to " + max);
        }
        if (address.length == 16 && isMapped(address) && prefix >= 96) {
            address = Arrays.copyOfRange(address, 12, 16); // RFC 4291 §2.5.5.2: the IPv4 network it stands for
            prefix -= 96;
        }
        Block block = new Block(address, prefix);
        if (!Arrays.equals(block.network, masked(address, prefix))) {
            throw bad(item, "host bits are set (the network would be " + new Block(masked(address, prefix), prefix) + ")");
        }
        return block;
    }

    private static IllegalArgumentException bad(String item, String why) {
        return new IllegalArgumentException("bad network '" + item + "': " + why);
    }

    private static byte[] masked(byte[] a, int prefix) {
        byte[] m = a.clone();
        for (int bit = prefix; bit < m.length * 8; bit++) m[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        return m;
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    private static byte[] unmap(byte[] a) {
        return a.length == 16 && isMapped(a) ? Arrays.copyOfRange(a, 12, 16) : a;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] m = new byte[16];
        m[10] = m[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, m, 12, 4);
        return m;
    }

    /** Dotted-quad IPv4 (RFC 791 text form): four decimal parts 0-255, no leading zeros (which some parsers read as octal). */
    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
            if (!p.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
            int v = Integer.parseInt(p);
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    /** RFC 4291 §2.2 text forms, including "::" and a trailing dotted quad; zone ids are refused. */
    private static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) return null;
        List<Integer> head = groups(gap >= 0 ? s.substring(0, gap) : s, gap < 0);
        List<Integer> tail = gap >= 0 ? groups(s.substring(gap + 2), true) : List.of();
        if (head == null || tail == null) return null;
        int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) return null;
        byte[] out = new byte[16];
        for (int i = 0; i < head.size(); i++) put(out, i, head.get(i));
        for (int i = 0; i < tail.size(); i++) put(out, 8 - tail.size() + i, tail.get(i));
        return out;
    }

    private static void put(byte[] out, int group, int value) {
        out[2 * group] = (byte) (value >>> 8);
        out[2 * group + 1] = (byte) value;
    }

    /** Colon-separated 16-bit groups; the last may be a dotted quad (two groups) if {@code lastMayBeIpv4}. */
    private static List<Integer> groups(String s, boolean lastMayBeIpv4) {
        List<Integer> out = new ArrayList<>();
        if (s.isEmpty()) return out;
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && lastMayBeIpv4 && p.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(p);
                if (v4 == null) return null;
                out.add((v4[0] & 0xFF) << 8 | (v4[1] & 0xFF));
                out.add((v4[2] & 0xFF) << 8 | (v4[3] & 0xFF));
                continue;
            }
            if (p.isEmpty() || p.length() > 4) return null;
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0 || p.charAt(k) > 'f') return null; // only ASCII hex digits
                v = v << 4 | d;
            }
            out.add(v);
        }
        return out;
    }

    /** One CIDR block; {@code network} has no host bits set. */
    private record Block(byte[] network, int prefix) {
        boolean matches(byte[] a) {
            if (a.length != network.length) return false;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (a[full] & mask) == (network[full] & mask);
        }

        /** RFC 5952 text for IPv6 (lowercase, longest zero run as "::"); the prefix is omitted for a single address. */
        @Override
        public String toString() {
            String host = network.length == 4 ? ipv4Text(network) : ipv6Text(network);
            return prefix == network.length * 8 ? host : host + "/" + prefix;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Block b && b.prefix == prefix && Arrays.equals(b.network, network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefix;
        }

        private static String ipv4Text(byte[] a) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }

        private static String ipv6Text(byte[] a) {
            int[] g = new int[8];
            for (int i = 0; i < 8; i++) g[i] = (a[2 * i] & 0xFF) << 8 | (a[2 * i + 1] & 0xFF);
            int bestStart = -1, bestLen = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
            for (int i = 0; i < 8; ) {
                if (g[i] != 0) { i++; continue; }
                int j = i;
                while (j < 8 && g[j] == 0) j++;
                if (j - i > bestLen) { bestStart = i; bestLen = j - i; } // §4.2.3: the first of equal runs
                i = j;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    sb.append("::");
                    i += bestLen - 1;
                    continue;
                }
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
                sb.append(Integer.toHexString(g[i]).toLowerCase(Locale.ROOT));
            }
            return sb.toString();
        }
    }
}
