package io.tracegate.policy.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.copy.LineScanner.Line;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineScannerTest {

    /** Each line as content, then "|" and its terminator (marker lines prefixed with "EOD:"). */
    private static List<String> lines(LineScanner scanner, String data) {
        List<String> out = new ArrayList<>();
        int start = 0;
        Line line;
        while ((line = scanner.next(data, start, true)) != null) {
            out.add((line.endOfData() ? "EOD:" : "") + data.substring(start, line.contentEnd()) + "|"
                    + data.substring(line.contentEnd(), line.end()));
            start = line.end();
        }
        assertThat(start).isEqualTo(data.length());
        return out;
    }

    @Test
    void textLinesEndAtAnyNewlineStyleAndTheLastNeedsNone() {
        assertThat(lines(new TextLineScanner(), "a\nb\r\nc\rd"))
                .containsExactly("a|\n", "b|\r\n", "c|\r", "d|");
    }

    @Test
    void textBackslashTakesTheNextCharacterEvenANewline() {
        assertThat(lines(new TextLineScanner(), "a\\\nb\\\\\nc\\\r\n"))
                .containsExactly("a\\\nb\\\\|\n", "c\\\r|\n");
    }

    @Test
    void textEndOfDataMarkerEndsTheLineWhereverItStands() {
        assertThat(lines(new TextLineScanner(), "x\t1\\.\nafter\n"))
                .containsExactly("EOD:x\t1|\\.\n", "after|\n");
        assertThat(lines(new TextLineScanner(), "\\.\r\n")).containsExactly("EOD:|\\.\r\n");
        assertThat(lines(new TextLineScanner(), "\\.")).containsExactly("EOD:|\\.");
        // An escaped backslash before the dot, and a dot followed by data, are not the marker.
        assertThat(lines(new TextLineScanner(), "a\\\\.\n\\.b\n")).containsExactly("a\\\\.|\n", "\\.b|\n");
    }

    @Test
    void textWaitsForTheCharacterThatDecides() {
        TextLineScanner scanner = new TextLineScanner();
        assertThat(scanner.next("ab\r", 0, false)).isNull();
        assertThat(scanner.next("ab\r\nc", 0, false)).isEqualTo(new Line(2, 4, false));
        assertThat(scanner.next("c\\", 0, false)).isNull();
        assertThat(scanner.next("c\\\n", 0, false)).isNull();
        assertThat(scanner.next("c\\\nd\n", 0, false)).isEqualTo(new Line(4, 5, false));
        assertThat(scanner.next("\\.\r", 0, false)).isNull();
        assertThat(scanner.next("\\.\r", 0, true)).isEqualTo(new Line(0, 3, true));
    }

    @Test
    void csvQuotedNewlinesStayInTheRow() {
        assertThat(lines(new CsvLineScanner('"', '"'), "\"a\nb\",c\r\n\"\"\"\n\"\nz"))
                .containsExactly("\"a\nb\",c|\r\n", "\"\"\"\n\"|\n", "z|");
    }

    @Test
    void csvDistinctEscapeKeepsAnEscapedQuoteInside() {
        assertThat(lines(new CsvLineScanner('"', '\\'), "\"a\\\"\nb\"\n\"c\\\\\"\nd\n"))
                .containsExactly("\"a\\\"\nb\"|\n", "\"c\\\\\"|\n", "d|\n");
    }

    @Test
    void csvMarkerOnlyAloneAtTheStartOfALine() {
        CsvLineScanner scanner = new CsvLineScanner('"', '"');
        assertThat(lines(scanner, "a\n\\.\nb\n")).containsExactly("a|\n", "EOD:|\\.\n", "b|\n");
        assertThat(lines(scanner, "a\\.\n\\.x\n\"\n\\.\n\"\n\\.")).containsExactly("a\\.|\n", "\\.x|\n", "\"\n\\.\n\"|\n", "\\.|");
    }

    @Test
    void csvWaitsForTheCharacterThatDecides() {
        CsvLineScanner scanner = new CsvLineScanner('"', '"');
        assertThat(scanner.next("\"a\r", 0, false)).isNull();
        assertThat(scanner.next("\"a\r\n", 0, false)).isNull();
        assertThat(scanner.next("\"a\r\n\"\r", 0, false)).isNull();
        assertThat(scanner.next("\"a\r\n\"\rx", 0, false)).isEqualTo(new Line(5, 6, false));
        assertThat(scanner.next("\\.", 0, false)).isNull();
        assertThat(scanner.next("\\.\r", 0, false)).isNull();
        assertThat(scanner.next("\\.\r\n", 0, false)).isEqualTo(new Line(0, 4, true));
        assertThat(scanner.next("\\x\n", 0, false)).isEqualTo(new Line(2, 3, false));
    }
}
