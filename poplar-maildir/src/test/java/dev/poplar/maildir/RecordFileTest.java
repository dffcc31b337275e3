// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import static dev.poplar.maildir.Fixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The record envelope: reading a file whole judges it exactly as reading it line by line does. */
class RecordFileTest {
    private static final String HEADER = "test-file 1";
    private static final RecordFile.Bounds BOUNDS = new RecordFile.Bounds(1024, 1 << 20, 1000);

    @TempDir
    Path dir;

    static Stream<byte[]> files() {
        byte[] good = Fixture.recordFile(HEADER, List.of("a", "b c", "end 1 0"));
        byte[] none = Fixture.recordFile(HEADER, List.of());
        return Stream.of(
                good,
                none,
                Arrays.copyOf(good, good.length - 1), // no LF after the trailer
                Arrays.copyOf(good, good.length / 2), // truncated
                bytes(new String(good).replace("b c", "b d")), // edited, trailer kept
                bytes(new String(good).replace("end 3 ", "end 2 ")), // wrong count
                bytes(new String(good).replace(HEADER, "other-file 1")),
                bytes(new String(good) + "x\n"), // a line after the trailer
                bytes(HEADER + "\n"), // header only
                bytes(""),
                bytes("\n"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void wholeReadsAgreeWithLineReads(byte[] content) throws Exception {
        Path file = Files.write(dir.resolve("f"), content);
        List<String> lines = new ArrayList<>();
        RecordFile.Result byLine = RecordFile.read(file, HEADER, BOUNDS, lines::add);

        RecordFile.Whole whole = RecordFile.readWhole(file, HEADER, 1 << 20);

        assertEquals(byLine, whole.result());
        if (byLine == RecordFile.Result.VALID) {
            assertEquals(lines.size(), whole.records());
            StringBuilder records = new StringBuilder();
            for (String line : lines) records.append(line).append('\n');
            assertArrayEquals(bytes(records.toString()), Arrays.copyOfRange(whole.bytes(), whole.start(), whole.end()));
        }
    }

    @Test
    void aMissingFileIsMissingAndABigOneMalformed() throws Exception {
        assertEquals(RecordFile.Result.MISSING, RecordFile.readWhole(dir.resolve("none"), HEADER, 100).result());
        Path file = Files.write(dir.resolve("f"), Fixture.recordFile(HEADER, List.of("x".repeat(200))));
        assertEquals(RecordFile.Result.MALFORMED, RecordFile.readWhole(file, HEADER, 100).result());
    }
}
