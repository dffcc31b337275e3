// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.guard;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The unit a client is counted by: an IPv4 address, or the /64 an IPv6 address lies in. An IPv6 host
 * picks its own interface identifier, the low 64 bits (RFC 4291 §2.5.1), and a subscriber is normally
 * given at least a /64 (RFC 6177), so counting whole addresses would let one client take 2^64 fresh
 * identities. Dovecot groups by /48; research §5.3 recommends /64. An IPv4-mapped IPv6 address
 * (RFC 4291 §2.5.5.2) counts as its IPv4 address. Immutable.
 */
record AddressKey(boolean ipv6, long bits) {
    static AddressKey of(InetAddress address) {
        byte[] a = address.getAddress();
        ByteBuffer b = ByteBuffer.wrap(a);
        if (a.length == 4) return new AddressKey(false, Integer.toUnsignedLong(b.getInt()));
        if (b.getLong(0) == 0 && b.getShort(8) == 0 && b.getShort(10) == (short) 0xFFFF) {
            return new AddressKey(false, Integer.toUnsignedLong(b.getInt(12)));
        }
        return new AddressKey(true, b.getLong(0));
    }

    @Override
    public String toString() {
        if (!ipv6) return (bits >>> 24) + "." + (bits >>> 16 & 0xFF) + "." + (bits >>> 8 & 0xFF) + "." + (bits & 0xFF);
        return String.format("%x:%x:%x:%x::/64", bits >>> 48, bits >>> 32 & 0xFFFF, bits >>> 16 & 0xFFFF, bits & 0xFFFF);
    }
}
