// SPDX-License-Identifier: Apache-2.0
package dev.poplar.protocol;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the stringprep (RFC 3454) profile for SASL user names and passwords, with the
 * JDK only. Stateless: safe to call from any thread.
 *
 * <p>The mapping, prohibition, bidi and unassigned tables are those of RFC 3454 (Unicode 3.2), written
 * below as code-point ranges in hexadecimal. Normalization uses the running JDK's NFKC, which for code
 * points assigned in Unicode 3.2 gives the Unicode 3.2 result (Unicode normalization stability), except
 * for the five CJK compatibility ideographs U+2F868, U+2F874, U+2F91F, U+2F95F and U+2F9BF, where it gives
 * the mapping as corrected by Unicode Corrigendum #4. Code points unassigned in
 * Unicode 3.2 (table A.1) are kept out of normalization, exactly as a Unicode 3.2 normalizer leaves them.
 */
public final class Saslprep {
    private Saslprep() {}

    /**
     * Longest input accepted, in UTF-16 chars. Every SASL input is bounded by the command line cap
     * ({@link Limits#MAX_COMMAND_OCTETS}); this keeps NFKC's expansion bounded for other callers too.
     */
    public static final int MAX_INPUT_CHARS = Limits.MAX_COMMAND_OCTETS;

    /**
     * Prepares a string with the SASLprep profile.
     *
     * @param s            the string, as received or as typed
     * @param storedString true for a stored string (unassigned code points are refused), false for a
     *                     query (they are let through), RFC 3454 §7
     * @return the prepared string; may be empty (callers that need a non-empty name check that)
     * @throws IllegalArgumentException when the string contains a prohibited or (stored) unassigned
     *                                  code point, breaks the bidi rules, or is too long; the message
     *                                  never contains the input
     */
    public static String prepare(String s, boolean storedString) {
        if (s.length() > MAX_INPUT_CHARS) throw new IllegalArgumentException("SASLprep: string too long");
        // RFC 4013 §2.1: B.1 maps to nothing, C.1.2 (non-ASCII space) maps to SPACE. U+200B is in both
        // tables; B.1 is applied first, as common implementations do (it is a zero-width character).
        StringBuilder mapped = new StringBuilder(s.length());
        boolean unassigned = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (in(B1, cp)) continue;
            if (in(C1_2, cp)) {
                mapped.append(' ');
                continue;
            }
            // RFC 3454 §5.5 (C.5): a lone surrogate is prohibited, and cannot be normalized anyway.
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) throw prohibited();
            unassigned |= in(A1, cp);
            mapped.appendCodePoint(cp);
        }
        // RFC 4013 §2.2: NFKC.
        String out = unassigned ? normalizeAroundUnassigned(mapped) : Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        // RFC 4013 §2.3 (prohibited output), §2.4 (RFC 3454 §6 bidi), §2.5 (A.1 refused in stored strings).
        boolean anyRandAL = false;
        boolean anyL = false;
        for (int i = 0; i < out.length(); ) {
            int cp = out.codePointAt(i);
            i += Character.charCount(cp);
            for (int[] table : PROHIBITED) {
                if (in(table, cp)) throw prohibited();
            }
            if (storedString && in(A1, cp)) throw new IllegalArgumentException("SASLprep: unassigned code point");
            anyRandAL |= in(D1, cp);
            anyL |= in(D2, cp);
        }
        // RFC 3454 §6: with any RandALCat character, no LCat character, and RandALCat first and last.
        if (anyRandAL && (anyL || !in(D1, out.codePointAt(0)) || !in(D1, out.codePointBefore(out.length())))) {
            throw new IllegalArgumentException("SASLprep: bidirectional text rules violated");
        }
        return out;
    }

    /**
     * NFKC of the runs between code points unassigned in Unicode 3.2. Such a code point has combining
     * class 0 and no decomposition in Unicode 3.2, so it blocks reordering and composition, and NFKC of
     * the whole equals NFKC of each run with the unassigned code points left as they are.
     */
    private static String normalizeAroundUnassigned(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        int runStart = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            int next = i + Character.charCount(cp);
            if (in(A1, cp)) {
                out.append(Normalizer.normalize(s.subSequence(runStart, i), Normalizer.Form.NFKC));
                out.appendCodePoint(cp);
                runStart = next;
            }
            i = next;
        }
        out.append(Normalizer.normalize(s.subSequence(runStart, s.length()), Normalizer.Form.NFKC));
        return out.toString();
    }

    private static IllegalArgumentException prohibited() {
        return new IllegalArgumentException("SASLprep: prohibited character");
    }

    /** Whether {@code cp} lies in one of the sorted, disjoint {@code [first, last]} pairs of {@code table}. */
    private static boolean in(int[] table, int cp) {
        int lo = 0;
        int hi = table.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < table[2 * mid]) hi = mid - 1;
            else if (cp > table[2 * mid + 1]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    /** Parses a constant table: space-separated hexadecimal code points or {@code first-last} ranges, ascending. */
    private static int[] ranges(String spec) {
        String[] items = spec.trim().split(" ");
        int[] table = new int[2 * items.length];
        for (int i = 0; i < items.length; i++) {
            int dash = items[i].indexOf('-');
            table[2 * i] = Integer.parseInt(dash < 0 ? items[i] : items[i].substring(0, dash), 16);
            table[2 * i + 1] = dash < 0 ? table[2 * i] : Integer.parseInt(items[i].substring(dash + 1), 16);
            if (table[2 * i + 1] < table[2 * i] || (i > 0 && table[2 * i] <= table[2 * i - 1])) {
                throw new IllegalStateException("stringprep table out of order at " + items[i]);
            }
        }
        return table;
    }

    // RFC 3454 appendix B.1: commonly mapped to nothing.
    private static final int[] B1 = ranges("AD 34F 1806 180B-180D 200B-200D 2060 FE00-FE0F FEFF");
    // RFC 3454 C.1.2: non-ASCII space characters.
    private static final int[] C1_2 = ranges("A0 1680 2000-200B 202F 205F 3000");
    // RFC 3454 C.2.1: ASCII control characters.
    private static final int[] C2_1 = ranges("0-1F 7F");
    // RFC 3454 C.2.2: non-ASCII control characters.
    private static final int[] C2_2 = ranges(
            "80-9F 6DD 70F 180E 200C-200D 2028-2029 2060-2063 206A-206F FEFF FFF9-FFFC 1D173-1D17A");
    // RFC 3454 C.3: private use.
    private static final int[] C3 = ranges("E000-F8FF F0000-FFFFD 100000-10FFFD");
    // RFC 3454 C.4: non-character code points.
    private static final int[] C4 = ranges(
            "FDD0-FDEF FFFE-FFFF 1FFFE-1FFFF 2FFFE-2FFFF 3FFFE-3FFFF 4FFFE-4FFFF 5FFFE-5FFFF 6FFFE-6FFFF " +
            "7FFFE-7FFFF 8FFFE-8FFFF 9FFFE-9FFFF AFFFE-AFFFF BFFFE-BFFFF CFFFE-CFFFF DFFFE-DFFFF EFFFE-EFFFF " +
            "FFFFE-FFFFF 10FFFE-10FFFF");
    // RFC 3454 C.5: surrogate codes.
    private static final int[] C5 = ranges("D800-DFFF");
    // RFC 3454 C.6: inappropriate for plain text.
    private static final int[] C6 = ranges("FFF9-FFFD");
    // RFC 3454 C.7: inappropriate for canonical representation.
    private static final int[] C7 = ranges("2FF0-2FFB");
    // RFC 3454 C.8: change display properties or deprecated.
    private static final int[] C8 = ranges("340-341 200E-200F 202A-202E 206A-206F");
    // RFC 3454 C.9: tagging characters.
    private static final int[] C9 = ranges("E0001 E0020-E007F");
    // RFC 4013 §2.3: the prohibited output tables.
    private static final int[][] PROHIBITED = {C1_2, C2_1, C2_2, C3, C4, C5, C6, C7, C8, C9};
    // RFC 3454 D.1: characters with bidirectional property "R" or "AL" (RandALCat).
    private static final int[] D1 = ranges(
            "5BE 5C0 5C3 5D0-5EA 5F0-5F4 61B 61F 621-63A 640-64A 66D-66F 671-6D5 6DD 6E5-6E6 6FA-6FE 700-70D " +
            "710 712-72C 780-7A5 7B1 200F FB1D FB1F-FB28 FB2A-FB36 FB38-FB3C FB3E FB40-FB41 FB43-FB44 FB46-FBB1 " +
            "FBD3-FD3D FD50-FD8F FD92-FDC7 FDF0-FDFC FE70-FE74 FE76-FEFC");
    // RFC 3454 D.2: characters with bidirectional property "L" (LCat).
    private static final int[] D2 = ranges(
            "41-5A 61-7A AA B5 BA C0-D6 D8-F6 F8-220 222-233 250-2AD 2B0-2B8 2BB-2C1 2D0-2D1 2E0-2E4 2EE 37A " +
            "386 388-38A 38C 38E-3A1 3A3-3CE 3D0-3F5 400-482 48A-4CE 4D0-4F5 4F8-4F9 500-50F 531-556 559-55F " +
            "561-587 589 903 905-939 93D-940 949-94C 950 958-961 964-970 982-983 985-98C 98F-990 993-9A8 " +
            "9AA-9B0 9B2 9B6-9B9 9BE-9C0 9C7-9C8 9CB-9CC 9D7 9DC-9DD 9DF-9E1 9E6-9F1 9F4-9FA A05-A0A A0F-A10 " +
            "A13-A28 A2A-A30 A32-A33 A35-A36 A38-A39 A3E-A40 A59-A5C A5E A66-A6F A72-A74 A83 A85-A8B A8D " +
            "A8F-A91 A93-AA8 AAA-AB0 AB2-AB3 AB5-AB9 ABD-AC0 AC9 ACB-ACC AD0 AE0 AE6-AEF B02-B03 B05-B0C " +
            "B0F-B10 B13-B28 B2A-B30 B32-B33 B36-B39 B3D-B3E B40 B47-B48 B4B-B4C B57 B5C-B5D B5F-B61 B66-B70 " +
            "B83 B85-B8A B8E-B90 B92-B95 B99-B9A B9C B9E-B9F BA3-BA4 BA8-BAA BAE-BB5 BB7-BB9 BBE-BBF BC1-BC2 " +
            "BC6-BC8 BCA-BCC BD7 BE7-BF2 C01-C03 C05-C0C C0E-C10 C12-C28 C2A-C33 C35-C39 C41-C44 C60-C61 " +
            "C66-C6F C82-C83 C85-C8C C8E-C90 C92-CA8 CAA-CB3 CB5-CB9 CBE CC0-CC4 CC7-CC8 CCA-CCB CD5-CD6 CDE " +
            "CE0-CE1 CE6-CEF D02-D03 D05-D0C D0E-D10 D12-D28 D2A-D39 D3E-D40 D46-D48 D4A-D4C D57 D60-D61 " +
            "D66-D6F D82-D83 D85-D96 D9A-DB1 DB3-DBB DBD DC0-DC6 DCF-DD1 DD8-DDF DF2-DF4 E01-E30 E32-E33 " +
            "E40-E46 E4F-E5B E81-E82 E84 E87-E88 E8A E8D E94-E97 E99-E9F EA1-EA3 EA5 EA7 EAA-EAB EAD-EB0 " +
            "EB2-EB3 EBD EC0-EC4 EC6 ED0-ED9 EDC-EDD F00-F17 F1A-F34 F36 F38 F3E-F47 F49-F6A F7F F85 F88-F8B " +
            "FBE-FC5 FC7-FCC FCF 1000-1021 1023-1027 1029-102A 102C 1031 1038 1040-1057 10A0-10C5 10D0-10F8 " +
            "10FB 1100-1159 115F-11A2 11A8-11F9 1200-1206 1208-1246 1248 124A-124D 1250-1256 1258 125A-125D " +
            "1260-1286 1288 128A-128D 1290-12AE 12B0 12B2-12B5 12B8-12BE 12C0 12C2-12C5 12C8-12CE 12D0-12D6 " +
            "12D8-12EE 12F0-130E 1310 1312-1315 1318-131E 1320-1346 1348-135A 1361-137C 13A0-13F4 1401-1676 " +
            "1681-169A 16A0-16F0 1700-170C 170E-1711 1720-1731 1735-1736 1740-1751 1760-176C 176E-1770 " +
            "1780-17B6 17BE-17C5 17C7-17C8 17D4-17DA 17DC 17E0-17E9 1810-1819 1820-1877 1880-18A8 1E00-1E9B " +
            "1EA0-1EF9 1F00-1F15 1F18-1F1D 1F20-1F45 1F48-1F4D 1F50-1F57 1F59 1F5B 1F5D 1F5F-1F7D 1F80-1FB4 " +
            "1FB6-1FBC 1FBE 1FC2-1FC4 1FC6-1FCC 1FD0-1FD3 1FD6-1FDB 1FE0-1FEC 1FF2-1FF4 1FF6-1FFC 200E 2071 " +
            "207F 2102 2107 210A-2113 2115 2119-211D 2124 2126 2128 212A-212D 212F-2131 2133-2139 213D-213F " +
            "2145-2149 2160-2183 2336-237A 2395 249C-24E9 3005-3007 3021-3029 3031-3035 3038-303C 3041-3096 " +
            "309D-309F 30A1-30FA 30FC-30FF 3105-312C 3131-318E 3190-31B7 31F0-321C 3220-3243 3260-327B " +
            "327F-32B0 32C0-32CB 32D0-32FE 3300-3376 337B-33DD 33E0-33FE 3400-4DB5 4E00-9FA5 A000-A48C " +
            "AC00-D7A3 D800-FA2D FA30-FA6A FB00-FB06 FB13-FB17 FF21-FF3A FF41-FF5A FF66-FFBE FFC2-FFC7 " +
            "FFCA-FFCF FFD2-FFD7 FFDA-FFDC 10300-1031E 10320-10323 10330-1034A 10400-10425 10428-1044D " +
            "1D000-1D0F5 1D100-1D126 1D12A-1D166 1D16A-1D172 1D183-1D184 1D18C-1D1A9 1D1AE-1D1DD 1D400-1D454 " +
            "1D456-1D49C 1D49E-1D49F 1D4A2 1D4A5-1D4A6 1D4A9-1D4AC 1D4AE-1D4B9 1D4BB 1D4BD-1D4C0 1D4C2-1D4C3 " +
            "1D4C5-1D505 1D507-1D50A 1D50D-1D514 1D516-1D51C 1D51E-1D539 1D53B-1D53E 1D540-1D544 1D546 " +
            "1D54A-1D550 1D552-1D6A3 1D6A8-1D7C9 20000-2A6D6 2F800-2FA1D F0000-FFFFD 100000-10FFFD");
    // RFC 3454 A.1: unassigned code points in Unicode 3.2.
    private static final int[] A1 = ranges(
            "221 234-24F 2AE-2AF 2EF-2FF 350-35F 370-373 376-379 37B-37D 37F-383 38B 38D 3A2 3CF 3F7-3FF 487 " +
            "4CF 4F6-4F7 4FA-4FF 510-530 557-558 560 588 58B-590 5A2 5BA 5C5-5CF 5EB-5EF 5F5-60B 60D-61A " +
            "61C-61E 620 63B-63F 656-65F 6EE-6EF 6FF 70E 72D-72F 74B-77F 7B2-900 904 93A-93B 94E-94F 955-957 " +
            "971-980 984 98D-98E 991-992 9A9 9B1 9B3-9B5 9BA-9BB 9BD 9C5-9C6 9C9-9CA 9CE-9D6 9D8-9DB 9DE " +
            "9E4-9E5 9FB-A01 A03-A04 A0B-A0E A11-A12 A29 A31 A34 A37 A3A-A3B A3D A43-A46 A49-A4A A4E-A58 A5D " +
            "A5F-A65 A75-A80 A84 A8C A8E A92 AA9 AB1 AB4 ABA-ABB AC6 ACA ACE-ACF AD1-ADF AE1-AE5 AF0-B00 B04 " +
            "B0D-B0E B11-B12 B29 B31 B34-B35 B3A-B3B B44-B46 B49-B4A B4E-B55 B58-B5B B5E B62-B65 B71-B81 B84 " +
            "B8B-B8D B91 B96-B98 B9B B9D BA0-BA2 BA5-BA7 BAB-BAD BB6 BBA-BBD BC3-BC5 BC9 BCE-BD6 BD8-BE6 " +
            "BF3-C00 C04 C0D C11 C29 C34 C3A-C3D C45 C49 C4E-C54 C57-C5F C62-C65 C70-C81 C84 C8D C91 CA9 CB4 " +
            "CBA-CBD CC5 CC9 CCE-CD4 CD7-CDD CDF CE2-CE5 CF0-D01 D04 D0D D11 D29 D3A-D3D D44-D45 D49 D4E-D56 " +
            "D58-D5F D62-D65 D70-D81 D84 D97-D99 DB2 DBC DBE-DBF DC7-DC9 DCB-DCE DD5 DD7 DE0-DF1 DF5-E00 " +
            "E3B-E3E E5C-E80 E83 E85-E86 E89 E8B-E8C E8E-E93 E98 EA0 EA4 EA6 EA8-EA9 EAC EBA EBE-EBF EC5 EC7 " +
            "ECE-ECF EDA-EDB EDE-EFF F48 F6B-F70 F8C-F8F F98 FBD FCD-FCE FD0-FFF 1022 1028 102B 1033-1035 " +
            "103A-103F 105A-109F 10C6-10CF 10F9-10FA 10FC-10FF 115A-115E 11A3-11A7 11FA-11FF 1207 1247 1249 " +
            "124E-124F 1257 1259 125E-125F 1287 1289 128E-128F 12AF 12B1 12B6-12B7 12BF 12C1 12C6-12C7 12CF " +
            "12D7 12EF 130F 1311 1316-1317 131F 1347 135B-1360 137D-139F 13F5-1400 1677-167F 169D-169F " +
            "16F1-16FF 170D 1715-171F 1737-173F 1754-175F 176D 1771 1774-177F 17DD-17DF 17EA-17FF 180F " +
            "181A-181F 1878-187F 18AA-1DFF 1E9C-1E9F 1EFA-1EFF 1F16-1F17 1F1E-1F1F 1F46-1F47 1F4E-1F4F 1F58 " +
            "1F5A 1F5C 1F5E 1F7E-1F7F 1FB5 1FC5 1FD4-1FD5 1FDC 1FF0-1FF1 1FF5 1FFF 2053-2056 2058-205E " +
            "2064-2069 2072-2073 208F-209F 20B2-20CF 20EB-20FF 213B-213C 214C-2152 2184-218F 23CF-23FF " +
            "2427-243F 244B-245F 24FF 2614-2615 2618 267E-267F 268A-2700 2705 270A-270B 2728 274C 274E " +
            "2753-2755 2757 275F-2760 2795-2797 27B0 27BF-27CF 27EC-27EF 2B00-2E7F 2E9A 2EF4-2EFF 2FD6-2FEF " +
            "2FFC-2FFF 3040 3097-3098 3100-3104 312D-3130 318F 31B8-31EF 321D-321F 3244-3250 327C-327E " +
            "32CC-32CF 32FF 3377-337A 33DE-33DF 33FF 4DB6-4DFF 9FA6-9FFF A48D-A48F A4C7-ABFF D7A4-D7FF " +
            "FA2E-FA2F FA6B-FAFF FB07-FB12 FB18-FB1C FB37 FB3D FB3F FB42 FB45 FBB2-FBD2 FD40-FD4F FD90-FD91 " +
            "FDC8-FDCF FDFD-FDFF FE10-FE1F FE24-FE2F FE47-FE48 FE53 FE67 FE6C-FE6F FE75 FEFD-FEFE FF00 " +
            "FFBF-FFC1 FFC8-FFC9 FFD0-FFD1 FFD8-FFD9 FFDD-FFDF FFE7 FFEF-FFF8 10000-102FF 1031F 10324-1032F " +
            "1034B-103FF 10426-10427 1044E-1CFFF 1D0F6-1D0FF 1D127-1D129 1D1DE-1D3FF 1D455 1D49D 1D4A0-1D4A1 " +
            "1D4A3-1D4A4 1D4A7-1D4A8 1D4AD 1D4BA 1D4BC 1D4C1 1D4C4 1D506 1D50B-1D50C 1D515 1D51D 1D53A 1D53F " +
            "1D545 1D547-1D549 1D551 1D6A4-1D6A7 1D7CA-1D7CD 1D800-1FFFD 2A6D7-2F7FF 2FA1E-2FFFD 30000-3FFFD " +
            "40000-4FFFD 50000-5FFFD 60000-6FFFD 70000-7FFFD 80000-8FFFD 90000-9FFFD A0000-AFFFD B0000-BFFFD " +
            "C0000-CFFFD D0000-DFFFD E0000 E0002-E001F E0080-EFFFD");
}
