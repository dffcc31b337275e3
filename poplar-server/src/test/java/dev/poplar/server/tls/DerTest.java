// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The DER reader is bounded and refuses BER leniencies (X.690 §10.1). */
class DerTest {
    private static Der.Value read(int... bytes) throws Der.MalformedException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return new Der.Reader(b).next();
    }

    @Test
    void shortAndLongLengths_x690section8_1_3() throws Exception {
        assertEquals(2, read(0x04, 0x02, 1, 2).length());
        byte[] big = Der.tlv(Der.OCTET_STRING, new byte[300]);
        assertArrayEquals(new byte[] {0x04, (byte) 0x82, 0x01, 0x2C}, java.util.Arrays.copyOf(big, 4));
        assertEquals(300, new Der.Reader(big).next().length());
        assertEquals(70_000, new Der.Reader(Der.tlv(Der.OCTET_STRING, new byte[70_000])).next().length());
    }

    @Test
    void malformedInputIsRefused_x690section10_1() {
        assertThrows(Der.MalformedException.class, () -> read(0x30, 0x80, 0, 0), "indefinite length");
        assertThrows(Der.MalformedException.class, () -> read(0x04, 0x81, 0x05, 1, 2, 3, 4, 5), "non-minimal length");
        assertThrows(Der.MalformedException.class, () -> read(0x04, 0x82, 0x00, 0x90), "leading zero length byte");
        assertThrows(Der.MalformedException.class, () -> read(0x04, 0x84, 0x7F, 0xFF, 0xFF, 0xFF), "length beyond 3 bytes");
        assertThrows(Der.MalformedException.class, () -> read(0x04, 0x05, 1, 2), "longer than its container");
        assertThrows(Der.MalformedException.class, () -> read(0x1F, 0x81, 0x01, 0x00), "multi-byte tag");
        assertThrows(Der.MalformedException.class, () -> read(0x04), "truncated");
    }

    @Test
    void oidsAndSmallIntegers() throws Exception {
        assertEquals("1.2.840.10045.3.1.7", Der.oid(read(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07)));
        assertEquals("2.999.3", Der.oid(read(0x06, 0x03, 0x88, 0x37, 0x03)));
        assertThrows(Der.MalformedException.class, () -> Der.oid(read(0x06, 0x02, 0x2A, 0x86)), "truncated arc");
        assertThrows(Der.MalformedException.class, () -> Der.oid(read(0x06, 0x02, 0x80, 0x01)), "non-minimal arc");
        assertEquals(1, read(0x02, 0x01, 0x01).smallInt());
        assertThrows(Der.MalformedException.class, () -> read(0x02, 0x01, 0xFF).smallInt(), "negative");
    }

    @Test
    void pkcs1AndSec1MustBeWhatTheyClaim() {
        assertThrows(Der.MalformedException.class, () -> PrivateKeyPem.fromPkcs1(Der.tlv(Der.SEQUENCE, new byte[] {0x02, 0x01, 0x00})));
        assertThrows(Der.MalformedException.class, () -> PrivateKeyPem.fromSec1(Der.tlv(Der.SEQUENCE, new byte[] {0x02, 0x01, 0x00}), null));
        // explicit curve parameters (a SEQUENCE instead of a named curve OID)
        byte[] explicit = Der.tlv(Der.SEQUENCE, new byte[] {0x02, 0x01, 0x01}, Der.tlv(Der.OCTET_STRING, new byte[32]),
                Der.tlv(Der.CONTEXT_0, Der.tlv(Der.SEQUENCE, new byte[] {0x02, 0x01, 0x01})));
        Der.MalformedException e = assertThrows(Der.MalformedException.class, () -> PrivateKeyPem.fromSec1(explicit, null));
        assertTrue(e.getMessage().contains("named curve"), e.getMessage());
    }
}
