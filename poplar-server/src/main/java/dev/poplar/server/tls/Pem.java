// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the PEM blocks of a file (RFC 7468, with the RFC 1421 headers that OpenSSL still writes for
 * encrypted traditional keys). Text outside blocks is ignored, as RFC 7468 §2 requires, so files with
 * certbot's or {@code openssl x509 -text}'s commentary load. Stateless.
 */
final class Pem {
    /** A certificate chain or key file is a few kilobytes; anything bigger is the wrong file. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private Pem() {}

    /**
     * One block: its label, its RFC 1421 headers (e.g. {@code Proc-Type}; names in lower case) and the
     * decoded bytes. {@code toString} omits the bytes, which may be a private key.
     */
    record Block(String label, Map<String, String> headers, byte[] der, int line) {
        boolean encryptedTraditional() {
            return headers.getOrDefault("proc-type", "").toUpperCase(Locale.ROOT).contains("ENCRYPTED");
        }

        @Override
        public String toString() {
            return "PEM " + label + " at line " + line;
        }
    }

    /** Reads and parses a file of at most {@link #MAX_FILE_BYTES}. */
    static List<Block> read(Path file) throws TlsMaterialException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        if (bytes.length > MAX_FILE_BYTES) throw new TlsMaterialException(file, "larger than 1 MiB; not a PEM file");
        // ISO-8859-1 maps every byte, so stray non-ASCII commentary cannot make decoding fail.
        return parse(new String(bytes, StandardCharsets.ISO_8859_1), file);
    }

    /** Parses PEM text; {@code file} only names the source in messages. */
    static List<Block> parse(String text, Path file) throws TlsMaterialException {
        List<Block> blocks = new ArrayList<>();
        String label = null;
        int beginLine = 0;
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (label == null) {
                if (line.startsWith(BEGIN) && line.endsWith(DASHES) && line.length() >= BEGIN.length() + DASHES.length()) {
                    label = line.substring(BEGIN.length(), line.length() - DASHES.length());
                    beginLine = i + 1;
                    headers = new LinkedHashMap<>();
                    body.setLength(0);
                }
                continue; // RFC 7468 §2: text outside the encapsulation boundaries is ignored
            }
            if (line.startsWith(END)) {
                String endLabel = line.endsWith(DASHES) && line.length() >= END.length() + DASHES.length()
                        ? line.substring(END.length(), line.length() - DASHES.length()) : "";
                if (!endLabel.equals(label)) {
                    throw new TlsMaterialException(file, "line " + (i + 1) + ": BEGIN " + label + " (line " + beginLine
                            + ") ends with a different END line");
                }
                blocks.add(new Block(label, Map.copyOf(headers), decode(body, file, label, beginLine), beginLine));
                label = null;
                continue;
            }
            if (line.startsWith(BEGIN)) {
                throw new TlsMaterialException(file, "line " + (i + 1) + ": BEGIN inside the " + label + " block of line " + beginLine);
            }
            int colon = line.indexOf(':');
            if (body.isEmpty() && colon > 0) {
                // RFC 1421 §4.6 headers such as "Proc-Type: 4,ENCRYPTED" come before the base64 text.
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                continue;
            }
            body.append(line);
        }
        if (label != null) throw new TlsMaterialException(file, "BEGIN " + label + " at line " + beginLine + " has no END line");
        return blocks;
    }

    private static byte[] decode(StringBuilder body, Path file, String label, int line) throws TlsMaterialException {
        try {
            byte[] der = Base64.getDecoder().decode(body.toString());
            if (der.length == 0) throw new TlsMaterialException(file, "the " + label + " block at line " + line + " is empty");
            return der;
        } catch (IllegalArgumentException e) {
            throw new TlsMaterialException(file, "the " + label + " block at line " + line + " is not valid base64");
        } finally {
            body.setLength(0);
        }
    }
}
