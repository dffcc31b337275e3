// SPDX-License-Identifier: Apache-2.0
package dev.poplar.testing.scripted;

import dev.poplar.testing.scripted.Fault.CutRetr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * STAT, RETR and TOP (RFC 1939 sections 5 and 7) with the transfer faults: cut or stalled bodies,
 * missing stuffing, long body lines, lying TOP, claimed STAT numbers. Stateless; called on the
 * session's thread.
 */
final class Transfers {
    private Transfers() {}

    static void stat(ScriptedSession s) throws IOException {
        var claim = s.config().find(Fault.StatClaims.class);
        if (claim.isPresent()) {
            s.status("+OK " + claim.get().messages() + " " + claim.get().octets());
            return;
        }
        long count = 0, octets = 0;
        for (int i = 0; i < s.drop().size(); i++) {
            if (s.deleted()[i]) continue;
            count++;
            octets += Wire.size(lines(s, i + 1));
        }
        s.status("+OK " + count + " " + octets);
    }

    static boolean retr(ScriptedSession s, String arg) throws IOException {
        int n = s.number(arg);
        if (n < 1) return true;
        List<byte[]> lines = lines(s, n);
        byte[] body = Wire.render(lines, s.wire().eol(), !s.config().has(Fault.NoDotStuffing.class));
        s.status("+OK " + Wire.size(lines) + " octets");
        CutRetr cut = s.config().all(CutRetr.class).stream().filter(c -> c.message() == n).findFirst().orElse(null);
        if (cut == null) {
            s.wire().bodyAndDot(body);
            return true;
        }
        s.wire().raw(java.util.Arrays.copyOf(body, (int) Math.min(body.length, cut.afterBytes())));
        if (cut.cut() == Fault.Cut.STALL) s.drain();
        return false;
    }

    static void top(ScriptedSession s, String arg) throws IOException {
        String[] parts = arg.trim().split(" +");
        int count;
        try {
            count = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0) {
            s.status("-ERR usage: TOP msg n");
            return;
        }
        int n = s.number(parts[0]);
        if (n < 1) return;
        List<byte[]> all = lines(s, n);
        List<byte[]> lines = s.config().has(Fault.TopWholeMessage.class) ? all : Wire.top(all, count);
        var truncated = s.config().find(Fault.TopTruncated.class);
        if (truncated.isPresent()) {
            List<byte[]> kept = new ArrayList<>();
            long used = 0;
            for (byte[] l : lines) {
                if (used + l.length + 2 > truncated.get().maxBytes()) break;
                kept.add(l);
                used += l.length + 2;
            }
            lines = kept;
        }
        s.status("+OK top of message follows");
        s.wire().bodyAndDot(Wire.render(lines, s.wire().eol(), !s.config().has(Fault.NoDotStuffing.class)));
    }

    /** The message's lines, with a long line inserted at the top of the body when a fault asks. */
    static List<byte[]> lines(ScriptedSession s, int n) {
        List<byte[]> lines = new ArrayList<>(Wire.lines(s.drop().get(n - 1).raw()));
        for (Fault.LongBodyLine f : s.config().all(Fault.LongBodyLine.class)) {
            if (f.message() != n) continue;
            int blank = 0;
            while (blank < lines.size() && lines.get(blank).length > 0) blank++;
            byte[] longLine = "x".repeat(f.length()).getBytes(StandardCharsets.US_ASCII);
            lines.add(Math.min(blank + 1, lines.size()), longLine);
        }
        return lines;
    }
}
