// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * Plausible plain text from a word list: sentences, lines wrapped at 72 columns as mail clients do,
 * paragraphs. Compresses and searches like real text, costs almost nothing to make. Stateless; the
 * caller's {@link Prng} decides everything.
 */
final class Prose {
    private Prose() {}

    static final int WRAP = 72;

    private static final String[] WORDS = ("the of and to in a is that for it as was with be by on not he this are or his "
            + "from at which but have an they you were her she there been one all we their has would when if "
            + "so no will more about can said them what out up other into time some could only new these two "
            + "may first then do any like my now over such our man me even most made after also did many before "
            + "must through back years where much your way well down should because each just those people how "
            + "too little state good very make world still own see men work long get here between both life being "
            + "under never day same another know while last might us great old year off come since against go came "
            + "right used take three meeting report budget invoice project schedule server mailbox release customer "
            + "quarter draft review attached please thanks regards agenda minutes deadline contract proposal update "
            + "shipment order payment account password network backup storage migration ticket issue support team "
            + "office holiday lunch weekend monday tuesday wednesday thursday friday morning afternoon evening").split(" ");

    private static final byte[][] WORD_BYTES = new byte[WORDS.length][];
    private static final byte[][] CAPITALISED = new byte[WORDS.length][];

    static {
        for (int i = 0; i < WORDS.length; i++) {
            WORD_BYTES[i] = WORDS[i].getBytes(StandardCharsets.US_ASCII);
            CAPITALISED[i] = (Character.toUpperCase(WORDS[i].charAt(0)) + WORDS[i].substring(1)).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Lines a POP3 server must dot-stuff (RFC 1939 §3): a lone "." would end the message early on the
     * wire if it were not stuffed.
     */
    private static final String[] DOT_LINES = {".", "..", ". -- a line that starts with a dot", "...and so on.",
            ".signature follows", ". ", ".."};

    /** {@code n} words, the first capitalised, for a subject line. */
    static String words(Prng rng, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String w = WORDS[rng.nextInt(WORDS.length)];
            sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : " " + w);
        }
        return sb.toString();
    }

    /**
     * Appends paragraphs until {@code out} is at least {@code untilLength} bytes long (it ends up at most
     * one line longer), each line ending in LF. With {@code dotLines}, lines starting with '.' follow the
     * first paragraph and about a third of the others.
     */
    static void paragraphs(MessageBuffer out, Prng rng, int untilLength, boolean dotLines) {
        int column = 0;
        int sentenceLeft = 0;
        int paragraphLeft = rng.between(3, 8);
        boolean firstBreak = true;
        while (true) {
            boolean capital = sentenceLeft == 0;
            if (capital) {
                if (column > 0 && paragraphLeft-- == 0) {
                    out.append((byte) '\n').append((byte) '\n');
                    column = 0;
                    paragraphLeft = rng.between(3, 8);
                    if (out.length() >= untilLength) return;
                    if (dotLines && (firstBreak || rng.nextInt(3) == 0)) {
                        out.line(DOT_LINES[rng.nextInt(DOT_LINES.length)]);
                        if (out.length() >= untilLength) return;
                    }
                    firstBreak = false;
                }
                sentenceLeft = rng.between(5, 16);
            }
            int w = rng.nextInt(WORDS.length);
            byte[] word = capital ? CAPITALISED[w] : WORD_BYTES[w];
            boolean last = sentenceLeft == 1;
            int need = word.length + (column > 0 ? 1 : 0) + (last ? 1 : 0);
            if (column > 0 && column + need > WRAP) {
                out.append((byte) '\n');
                column = 0;
                if (out.length() >= untilLength) return;
            }
            if (column > 0) {
                out.append((byte) ' ');
                column++;
            }
            out.append(word);
            column += word.length;
            if (last) {
                out.append((byte) '.');
                column++;
            }
            sentenceLeft--;
        }
    }
}
