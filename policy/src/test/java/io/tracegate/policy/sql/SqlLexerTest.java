package io.tracegate.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.SqlSettings;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlLexerTest {
    private static final SqlSettings ON = SqlSettings.DEFAULT;
    private static final SqlSettings OFF = new SqlSettings(false);

    static List<SqlToken> lex(String sql) {
        return SqlLexer.lex(sql, ON);
    }

    /** The single string token of {@code select <literal>}, checked for span and absence of errors. */
    static SqlToken literal(String literal, SqlSettings settings) {
        String sql = "select " + literal + " as x";
        List<SqlToken> tokens = SqlLexer.lex(sql, settings);
        SqlToken token = tokens.get(1);
        assertThat(token.error()).as("error of %s", literal).isNull();
        assertThat(token.start()).isEqualTo(7);
        assertThat(token.end()).as("end of %s", literal).isEqualTo(7 + literal.length());
        assertThat(tokens.get(2).isWord("as")).isTrue();
        return token;
    }

    static SqlToken literal(String literal) {
        return literal(literal, ON);
    }

    static String error(String sql, SqlSettings settings) {
        return SqlLexer.lex(sql, settings).stream().map(SqlToken::error).filter(e -> e != null)
                .findFirst().orElse(null);
    }

    static String types(String sql) {
        return lex(sql).stream().map(t -> t.type() + ":" + t.value()).collect(Collectors.joining(" "));
    }

    @Nested
    class StandardStrings {
        @Test
        void plainAndDoubledQuote() {
            assertThat(literal("'it''s'").value()).isEqualTo("it's");
            assertThat(literal("'it''s'").form()).isEqualTo(LiteralForm.STANDARD);
            assertThat(literal("''").value()).isEmpty();
            assertThat(literal("''''").value()).isEqualTo("'");
        }

        @Test
        void backslashIsLiteralWhenStandardConformingStringsIsOn() {
            assertThat(literal("'a\\nb\\'").value()).isEqualTo("a\\nb\\");
        }

        @Test
        void backslashEscapesWhenStandardConformingStringsIsOff() {
            SqlToken token = literal("'it\\'s\\n\\\\'", OFF);
            assertThat(token.value()).isEqualTo("it's\n\\");
            assertThat(token.form()).isEqualTo(LiteralForm.STANDARD);
        }

        @Test
        void sameTextLexesDifferentlyUnderTheTwoSettings() {
            String sql = "select 'a\\' , 'b'";
            assertThat(SqlLexer.lex(sql, ON)).hasSize(4);
            // With escapes the backslash hides the quote: one constant "a' , " then b then an unterminated one.
            assertThat(error(sql, OFF)).isEqualTo("unterminated quoted string");
        }

        @Test
        void multiLineContentKept() {
            assertThat(literal("'a\nb'").value()).isEqualTo("a\nb");
        }

        @Test
        void nonAsciiKept() {
            assertThat(literal("'héllo ✓ 😀'").value()).isEqualTo("héllo ✓ 😀");
        }
    }

    @Nested
    class EscapeStrings {
        @Test
        void decodes() {
            String[][] cases = {
                {"E'it\\'s'", "it's"},
                {"e'a\\nb'", "a\nb"},
                {"E'\\b\\f\\n\\r\\t'", "\b\f\n\r\t"},
                {"E'\\v\\q\\\\'", "vq\\"},
                {"E'\\101\\60\\7'", "A0\u0007"},
                {"E'\\1010'", "A0"},
                {"E'\\x41\\x4a\\x4'", "AJ\u0004"},
                {"E'\\xg'", "xg"},
                {"E'\\u00e9\\U0001F600'", "é😀"},
                {"E'\\uD83D\\uDE00'", "😀"},
                {"E'\\303\\251'", "é"},
                {"E'\\xC3\\xA9'", "é"},
                {"E'a''b'", "a'b"},
                {"E'\\\n'", "\n"},
            };
            for (String[] c : cases) {
                SqlToken token = literal(c[0]);
                assertThat(token.value()).as(c[0]).isEqualTo(c[1]);
                assertThat(token.form()).isEqualTo(LiteralForm.ESCAPE);
            }
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "select E'\\u12' |invalid Unicode escape",
            "select E'\\U0001F60' |invalid Unicode escape",
            "select E'\\u0000' |invalid Unicode escape value",
            "select E'\\uD83D' |invalid Unicode surrogate pair",
            "select E'\\uDE00' |invalid Unicode surrogate pair",
            "select E'\\uD83Dx' |invalid Unicode surrogate pair",
            "select E'\\000' |invalid byte sequence for encoding \"UTF8\": 0x00",
            "select E'\\303' |invalid byte sequence for encoding \"UTF8\"",
            "select E'\\xff' |invalid byte sequence for encoding \"UTF8\"",
            "select E'abc|unterminated quoted string",
            "select E'abc\\'|unterminated quoted string",
        })
        void rejectsWhatTheServerRejects(String sql, String message) {
            assertThat(error(sql, ON)).isEqualTo(message);
        }

        @Test
        void errorInsideKeepsTheSpanSoLexingGoesOn() {
            List<SqlToken> tokens = lex("select E'\\u12', 'next'");
            assertThat(tokens.get(1).isError()).isTrue();
            assertThat(tokens.get(1).end()).isEqualTo(14);
            assertThat(tokens.get(3).value()).isEqualTo("next");
        }
    }

    @Nested
    class OtherForms {
        @Test
        void dollarQuotes() {
            assertThat(literal("$$it's \\n $ $a$$").value()).isEqualTo("it's \\n $ $a");
            // The first $$ closes: "$$a$$" then a lone "$".
            assertThat(types("$$a$$$")).isEqualTo("STRING:a OTHER:$");
            SqlToken tagged = literal("$fn$ body $$ inner $$ $fn$");
            assertThat(tagged.value()).isEqualTo(" body $$ inner $$ ");
            assertThat(tagged.form()).isEqualTo(LiteralForm.DOLLAR);
            assertThat(literal("$a$x$ba$a$").value()).isEqualTo("x$ba");
            assertThat(literal("$_1$a$_1$").value()).isEqualTo("a");
        }

        @Test
        void dollarTagIsCaseSensitiveAndNotADigit() {
            assertThat(literal("$A$ $a$ $A$").value()).isEqualTo(" $a$ ");
            assertThat(types("select $1$")).isEqualTo("WORD:select PARAMETER:$1 OTHER:$");
        }

        @Test
        void identifierMayContainDollar() {
            assertThat(types("select a$$b$$")).isEqualTo("WORD:select WORD:a$$b$$");
        }

        @Test
        void unterminatedDollarQuote() {
            assertThat(error("select $t$ abc $T$", ON)).isEqualTo("unterminated dollar-quoted string");
        }

        @Test
        void unicodeStrings() {
            SqlToken token = literal("U&'d\\0061t\\+000061 \\\\ x'");
            assertThat(token.value()).isEqualTo("data \\ x");
            assertThat(token.form()).isEqualTo(LiteralForm.UNICODE);
            assertThat(literal("u&'\\D83D\\DE00'").value()).isEqualTo("😀");
            assertThat(literal("U&'it''s'").value()).isEqualTo("it's");
        }

        @Test
        void unicodeWithUescapeIsOneToken() {
            SqlToken token = literal("U&'d!0061t!+000061 !! \\' UESCAPE '!'");
            assertThat(token.value()).isEqualTo("data ! \\");
            SqlToken withComment = literal("U&'#0041' /* c */ uescape\n-- c\n '#'");
            assertThat(withComment.value()).isEqualTo("A");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "select U&'\\00' |invalid Unicode escape",
            "select U&'\\D83D' |invalid Unicode surrogate pair",
            "select U&'a' UESCAPE 'ab'|invalid Unicode escape character",
            "select U&'a' UESCAPE 'a'|invalid Unicode escape character",
            "select U&'a' UESCAPE '+'|invalid Unicode escape character",
            "select U&'a' UESCAPE x|UESCAPE must be followed by a simple string literal",
        })
        void unicodeErrors(String sql, String message) {
            assertThat(error(sql, ON)).isEqualTo(message);
        }

        @Test
        void unicodeStringsAreRefusedWhenStandardConformingStringsIsOff() {
            assertThat(error("select U&'a'", OFF)).isEqualTo("unsafe use of string constant with Unicode escapes");
        }

        @Test
        void bitAndHexStrings() {
            SqlToken bits = literal("B'0101'");
            assertThat(bits.value()).isEqualTo("0101");
            assertThat(bits.form()).isEqualTo(LiteralForm.BIT);
            SqlToken hex = literal("x'1F'");
            assertThat(hex.value()).isEqualTo("1F");
            assertThat(hex.form()).isEqualTo(LiteralForm.HEX);
            assertThat(literal("b'01'\n'10'").value()).isEqualTo("0110");
        }

        @Test
        void nationalStrings() {
            SqlToken token = literal("N'it''s'");
            assertThat(token.value()).isEqualTo("it's");
            assertThat(token.form()).isEqualTo(LiteralForm.NATIONAL);
            assertThat(literal("n'a\\n'", OFF).value()).isEqualTo("a\n");
        }

        @Test
        void prefixLettersInsideAWordAreNotPrefixes() {
            assertThat(types("select be'x'")).isEqualTo("WORD:select WORD:be STRING:x");
            assertThat(types("select u&x")).isEqualTo("WORD:select WORD:u OPERATOR:& WORD:x");
        }
    }

    @Nested
    class Concatenation {
        @Test
        void piecesSeparatedByANewlineAreOneLiteral() {
            SqlToken token = literal("'ab'\n'cd'");
            assertThat(token.value()).isEqualTo("abcd");
            assertThat(literal("'ab'  \r\n  \t 'cd'\n'ef'").value()).isEqualTo("abcdef");
        }

        @Test
        void dashCommentsMayCome() {
            assertThat(literal("'ab' -- one\n -- two\n 'cd'").value()).isEqualTo("abcd");
        }

        @Test
        void continuationKeepsTheFirstPiecesMode() {
            assertThat(literal("E'a\\n'\n'\\t'").value()).isEqualTo("a\n\t");
            assertThat(literal("U&'\\0041'\n'\\0042'").value()).isEqualTo("AB");
        }

        @Test
        void noNewlineOrABlockCommentMeansTwoTokens() {
            assertThat(lex("select 'ab' 'cd'")).hasSize(3);
            assertThat(lex("select 'ab' /* c */\n'cd'")).hasSize(3);
            assertThat(lex("select $$ab$$\n'cd'")).hasSize(3);
        }
    }

    @Nested
    class Identifiers_ {
        @Test
        void unquotedAreFoldedQuotedAreNot() {
            assertThat(types("SELECT Foo, \"Bar\", \"a\"\"b\" FROM Public.T"))
                    .isEqualTo("WORD:select WORD:foo PUNCTUATION:, QUOTED_IDENTIFIER:Bar PUNCTUATION:,"
                            + " QUOTED_IDENTIFIER:a\"b WORD:from WORD:public PUNCTUATION:. WORD:t");
        }

        @Test
        void onlyAsciiIsFolded() {
            assertThat(lex("select ÉCOLE").get(1).value()).isEqualTo("École");
        }

        @Test
        void truncatedTo63Bytes() {
            String longName = "a".repeat(70);
            assertThat(lex(longName).get(0).value()).hasSize(63);
            assertThat(lex("\"" + "é".repeat(40) + "\"").get(0).value()).hasSize(31);
        }

        @Test
        void unicodeIdentifiers() {
            assertThat(lex("U&\"d\\0061t\\+000061\"").get(0).value()).isEqualTo("data");
            assertThat(lex("U&\"d!0061ta\" UESCAPE '!'").get(0).value()).isEqualTo("data");
            assertThat(lex("U&\"d!0061ta\" UESCAPE '!'")).hasSize(1);
        }

        @Test
        void zeroLengthAndUnterminated() {
            assertThat(error("select \"\"", ON)).isEqualTo("zero-length delimited identifier");
            assertThat(error("select \"abc", ON)).isEqualTo("unterminated quoted identifier");
        }
    }

    @Nested
    class CommentsAndOperators {
        @Test
        void nestedBlockComments() {
            assertThat(types("select /* a /* b */ c */ 1")).isEqualTo("WORD:select NUMBER:1");
            assertThat(types("select /*/ x */ 1")).isEqualTo("WORD:select NUMBER:1");
            assertThat(types("select /* **/ 1")).isEqualTo("WORD:select NUMBER:1");
        }

        @Test
        void unterminatedComment() {
            assertThat(error("select 1 /* a /* b */", ON)).isEqualTo("unterminated /* comment");
        }

        @Test
        void lineComments() {
            assertThat(types("select 1 -- x\n, 2 -- 'y")).isEqualTo("WORD:select NUMBER:1 PUNCTUATION:, NUMBER:2");
        }

        @Test
        void commentStartEndsAnOperator() {
            assertThat(types("a*/*c*/b")).isEqualTo("WORD:a OPERATOR:* WORD:b");
            assertThat(types("a+--c\nb")).isEqualTo("WORD:a OPERATOR:+ WORD:b");
        }

        @Test
        void trailingPlusOrMinusSplitOff() {
            assertThat(types("a=-1")).isEqualTo("WORD:a OPERATOR:= OPERATOR:- NUMBER:1");
            assertThat(types("a@-1")).isEqualTo("WORD:a OPERATOR:@- NUMBER:1");
            assertThat(types("a ->> 'k'")).isEqualTo("WORD:a OPERATOR:->> STRING:k");
        }

        @Test
        void punctuation() {
            assertThat(types("x::text := a..b [1] ; $1"))
                    .isEqualTo("WORD:x PUNCTUATION::: WORD:text PUNCTUATION::= WORD:a PUNCTUATION:.. WORD:b"
                            + " PUNCTUATION:[ NUMBER:1 PUNCTUATION:] PUNCTUATION:; PARAMETER:$1");
        }
    }

    @Nested
    class Numbers {
        @ParameterizedTest
        @CsvSource({"42", "4.2", "4.", ".5", "1e10", "1.5E-3", "0x1F", "0o17", "0b101", "1_000_000", "0x_FF"})
        void wellFormed(String number) {
            List<SqlToken> tokens = lex("select " + number + ",");
            assertThat(tokens.get(1).type()).isEqualTo(TokenType.NUMBER);
            assertThat(tokens.get(1).value()).isEqualTo(number);
            assertThat(tokens.get(1).error()).isNull();
        }

        @Test
        void rangeDotsAreNotPartOfTheNumber() {
            assertThat(types("1..10")).isEqualTo("NUMBER:1 PUNCTUATION:.. NUMBER:10");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "select 123abc|trailing junk after numeric literal",
            "select 1e+|trailing junk after numeric literal",
            "select 0x|invalid hexadecimal integer",
            "select $1a|trailing junk after parameter",
        })
        void junk(String sql, String message) {
            assertThat(error(sql, ON)).isEqualTo(message);
        }
    }

    @Test
    void neverThrowsOnGarbage() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "'\"$eEuU&\\/*-\n xX0_;()[]:.+=!?";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = random.nextInt(30); j > 0; j--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String sql = sb.toString();
            for (SqlSettings settings : List.of(ON, OFF)) {
                List<SqlToken> tokens = SqlLexer.lex(sql, settings);
                int last = 0;
                for (SqlToken token : tokens) {
                    assertThat(token.start()).as(sql).isGreaterThanOrEqualTo(last);
                    assertThat(token.end()).as(sql).isLessThanOrEqualTo(sql.length());
                    last = token.end();
                }
            }
        }
    }

    @Test
    void nulCharacterIsAnError() {
        List<SqlToken> tokens = lex("select 1 \0 ; drop table t");
        assertThat(tokens).hasSize(3);
        assertThat(tokens.get(2).error()).isEqualTo("NUL character in SQL text");
        assertThat(tokens.get(2).end()).isEqualTo("select 1 \0 ; drop table t".length());
    }

    @Test
    void linearOnLargeInput() {
        String big = "insert into t values (" + "'x'||".repeat(50_000) + "'y')";
        assertThat(lex(big)).hasSize(5 + 50_000 * 2 + 2);
    }
}
