// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** protocol.md §6: trusted-network lists; literals only, IPv4-mapped addresses match IPv4 ranges. */
class NetworkSetTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // test inputs are literals, so no lookup happens
    }

    /** An Inet6Address that keeps the ::ffff:a.b.c.d form (InetAddress.getByAddress would turn it into IPv4). */
    private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) a, (byte) b, (byte) c, (byte) d};
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    void ipv4BlocksAndBareAddresses() throws Exception {
        NetworkSet s = NetworkSet.parse("10.0.0.0/8, 192.168.1.7");
        assertTrue(s.contains(ip("10.255.0.1")));
        assertTrue(s.contains(ip("192.168.1.7")));
        assertFalse(s.contains(ip("192.168.1.8")));
        assertFalse(s.contains(ip("11.0.0.0")));
        assertFalse(s.contains(ip("::a00:1")));
        assertTrue(s.test(ip("10.1.2.3")));
        assertEquals("10.0.0.0/8,192.168.1.7", s.toString());
    }

    @Test
    void ipv6BlocksAndOddPrefixes() throws Exception {
        NetworkSet s = NetworkSet.parse("2001:DB8::/32,\t fe80::/10 , 2001:db9::1");
        assertTrue(s.contains(ip("2001:db8:ffff::1")));
        assertFalse(s.contains(ip("2001:db9::2")));
        assertTrue(s.contains(ip("2001:db9::1")));
        assertTrue(s.contains(ip("febf::1")));
        assertFalse(s.contains(ip("fec0::1")));
        assertEquals("2001:db8::/32,fe80::/10,2001:db9::1", s.toString());
    }

    @Test
    void mappedAddressesMatchIpv4Ranges() throws Exception {
        NetworkSet s = NetworkSet.parse("192.0.2.0/24");
        assertTrue(s.contains(mapped(192, 0, 2, 9)));
        assertFalse(s.contains(mapped(192, 0, 3, 9)));
        NetworkSet m = NetworkSet.parse("::ffff:10.0.0.0/104"); // a mapped block is the IPv4 block it stands for
        assertEquals("10.0.0.0/8", m.toString());
        assertTrue(m.contains(ip("10.9.9.9")));
        assertTrue(m.contains(mapped(10, 9, 9, 9)));
        assertTrue(NetworkSet.parse("::/0").contains(ip("198.51.100.1")));
        assertFalse(NetworkSet.parse("2001:db8::/32").contains(ip("198.51.100.1")));
    }

    @Test
    void loopbackAndNone() throws Exception {
        NetworkSet lo = NetworkSet.parse(" LoopBack ");
        assertEquals(NetworkSet.LOOPBACK, lo);
        assertEquals("loopback", lo.toString());
        for (String a : new String[] {"127.0.0.1", "127.255.255.254", "::1"}) assertTrue(lo.contains(ip(a)), a);
        assertTrue(lo.contains(mapped(127, 0, 0, 1)));
        for (String a : new String[] {"128.0.0.1", "::2", "::"}) assertFalse(lo.contains(ip(a)), a);
        NetworkSet none = NetworkSet.parse(" none ");
        assertSame(NetworkSet.NONE, none);
        assertTrue(none.isEmpty());
        assertFalse(none.contains(ip("127.0.0.1")));
        assertEquals("none", none.toString());
        assertEquals("loopback,10.0.0.0/8", NetworkSet.parse("loopback,10.0.0.0/8,loopback").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "loopback", "10.0.0.0/8", "0.0.0.0/0,::/0", "2001:DB8:0:0:0:0:0:1",
            "2001:db8:0:0:1:0:0:1/128", "1:0:0:2:0:0:0:3", "::ffff:1.2.3.4", "1::", "fe80::/10, 10.0.0.0/8, 10.0.0.0/8",
            "0:0:0:0:0:0:0:0/0", "1:2:3:4:5:6:7:0"})
    void toStringRoundTrips(String spec) {
        NetworkSet s = NetworkSet.parse(spec);
        NetworkSet again = NetworkSet.parse(s.toString());
        assertEquals(s, again);
        assertEquals(s.hashCode(), again.hashCode());
        assertEquals(s.toString(), again.toString());
    }

    @Test
    void canonicalIpv6TextFollowsRfc5952() {
        assertEquals("2001:db8::1", NetworkSet.parse("2001:DB8:0:0:0:0:0:1").toString());
        assertEquals("2001:db8::1:0:0:1", NetworkSet.parse("2001:db8:0:0:1:0:0:1").toString());
        assertEquals("1:0:0:2::3", NetworkSet.parse("1:0:0:2:0:0:0:3").toString());
        assertEquals("1:2:3:4:5:6:7:0", NetworkSet.parse("1:2:3:4:5:6:7:0").toString());
        assertEquals("::/0", NetworkSet.parse("0:0:0:0:0:0:0:0/0").toString());
        assertEquals("1.2.3.4", NetworkSet.parse("::ffff:1.2.3.4").toString());
        assertEquals("::102:304", NetworkSet.parse("::1.2.3.4").toString()); // IPv4-compatible is not mapped
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0/8", "300.1.1.1", "localhost", "example.com", "01.2.3.4", "1.2.3.4.5",
            "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "1::2::3", "1:::2", ":1::", "1::2:", "12345::", "::1/129",
            "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "::g", "1.2.3.4::", "::1.2.3", "10.0.0.0/٨", "1:2:3:4:5:6:7"})
    void badItemsAreNamed(String item) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkSet.parse("10.0.0.0/8, " + item));
        assertTrue(e.getMessage().contains("'" + item + "'"), e.getMessage());
    }

    @Test
    void otherErrors() {
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class, () -> NetworkSet.parse("10.1.2.3/8"));
        assertTrue(host.getMessage().contains("10.1.2.3/8") && host.getMessage().contains("10.0.0.0/8"), host.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkSet.parse("none, 10.0.0.0/8"))
                .getMessage().contains("none"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkSet.parse("10.0.0.0/8,,1.2.3.4"))
                .getMessage().contains("position 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkSet.parse("10.0.0.0/8,"))
                .getMessage().contains("position 2"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSet.parse("  "));
        assertThrows(IllegalArgumentException.class, () -> NetworkSet.parse(null));
    }
}
