// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client.internal;

import dev.poplar.client.MailboxStatus;
import dev.poplar.client.MessageSize;
import dev.poplar.client.ProtocolException;
import dev.poplar.client.UidEntry;
import dev.poplar.client.UidListing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict parsers for STAT, LIST and UIDL (RFC 1939 §5, §7), with the leniencies real servers need:
 * several spaces between fields (client-anchors §5.9), spaces inside unique-ids. Stateless.
 */
public final class Listings {
    private Listings() {}

    /** {@code +OK n octets}. */
    public static MailboxStatus stat(String text) throws ProtocolException {
        String[] f = text.trim().split(" +");
        if (f.length < 2) throw new ProtocolException("malformed STAT reply");
        long count = size(f[0]);
        if (count > Integer.MAX_VALUE) throw new ProtocolException("STAT count out of range");
        return new MailboxStatus((int) count, size(f[1]));
    }

    /** One {@code n octets} entry, from a LIST line or a single-message LIST/RETR reply. */
    public static MessageSize sizeEntry(String text) throws ProtocolException {
        String[] f = text.trim().split(" +");
        if (f.length < 2) throw new ProtocolException("malformed LIST entry");
        int n = f[0].equals("0") ? 0 : number(f[0]);
        return new MessageSize(n, size(f[1]));
    }

    /** LIST lines: numbers positive and not repeated. */
    public static List<MessageSize> list(List<byte[]> lines) throws ProtocolException {
        List<MessageSize> out = new ArrayList<>(lines.size());
        Set<Integer> seen = new HashSet<>();
        for (byte[] line : lines) {
            MessageSize e = sizeEntry(new String(line, StandardCharsets.ISO_8859_1));
            if (e.number() < 1 || !seen.add(e.number())) throw new ProtocolException("LIST repeats or misnumbers message " + e.number());
            out.add(e);
        }
        return out;
    }

    /** One UIDL entry: the number, one or more spaces, then the unique-id kept whole. */
    public static UidEntry uidEntry(String line) throws ProtocolException {
        int sp = line.indexOf(' ');
        if (sp <= 0) throw new ProtocolException("malformed UIDL entry");
        int n = line.substring(0, sp).equals("0") ? 0 : number(line.substring(0, sp));
        String uid = line.substring(sp).stripLeading();
        if (uid.isEmpty()) throw new ProtocolException("UIDL entry without a unique-id");
        return new UidEntry(n, uid);
    }

    /** UIDL lines: numbers positive and not repeated; duplicate ids reported, not merged. */
    public static UidListing uidl(List<byte[]> lines) throws ProtocolException {
        List<UidEntry> out = new ArrayList<>(lines.size());
        Set<Integer> numbers = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (byte[] line : lines) {
            UidEntry e = uidEntry(new String(line, StandardCharsets.ISO_8859_1));
            if (e.number() < 1 || !numbers.add(e.number())) throw new ProtocolException("UIDL repeats or misnumbers message " + e.number());
            if (!ids.add(e.uid())) duplicates.add(e.uid());
            out.add(e);
        }
        return new UidListing(out, duplicates);
    }

    /** A message number: 1 to 10 digits, at least 1, within int range. */
    static int number(String s) throws ProtocolException {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProtocolException("bad message number");
        }
        long v = Long.parseLong(s);
        if (v < 1 || v > Integer.MAX_VALUE) throw new ProtocolException("message number out of range");
        return (int) v;
    }

    static long size(String s) throws ProtocolException {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProtocolException("bad size");
        }
        return Long.parseLong(s);
    }
}
