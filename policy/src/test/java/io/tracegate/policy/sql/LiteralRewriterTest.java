package io.tracegate.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.SqlSettings;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiteralRewriterTest {
    static final SqlSettings ON = SqlSettings.DEFAULT;
    static final SqlSettings OFF = new SqlSettings(false);

    /** Rewrites the n-th constant of {@code sql} to {@code value}. */
    static String rewrite(String sql, int n, String value, SqlSettings settings) {
        SqlToken token = SqlLexer.lex(sql, settings).stream().filter(SqlToken::isLiteral).toList().get(n);
        return LiteralRewriter.rewrite(sql, Map.of(token, value), settings);
    }

    static String rewrite(String sql, int n, String value) {
        return rewrite(sql, n, value, ON);
    }

    /** The decoded values of the constants of {@code sql}. */
    static List<String> values(String sql, SqlSettings settings) {
        return SqlLexer.lex(sql, settings).stream().filter(SqlToken::isLiteral).map(SqlToken::value).toList();
    }

    @Test
    void onlyTheChosenConstantChanges() {
        String sql = "INSERT INTO agent_traces /* c */ (agent, reasoning)\n  VALUES ('a''b', 'card 4111 1111 1111 1111')  ;";
        assertThat(rewrite(sql, 1, "card <CREDIT_CARD>"))
                .isEqualTo("INSERT INTO agent_traces /* c */ (agent, reasoning)\n  VALUES ('a''b', 'card <CREDIT_CARD>')  ;");
    }

    @Test
    void severalReplacementsInAnyOrder() {
        String sql = "update t set a = 'x', b = $$y$$, c = E'z' where id = 5";
        List<SqlToken> literals = SqlLexer.lex(sql, ON).stream().filter(SqlToken::isLiteral).toList();
        Map<SqlToken, String> replacements = new HashMap<>();
        replacements.put(literals.get(2), "Z'");
        replacements.put(literals.get(0), "X");
        replacements.put(literals.get(1), "Y");
        assertThat(LiteralRewriter.rewrite(sql, replacements, ON))
                .isEqualTo("update t set a = 'X', b = $$Y$$, c = E'Z''' where id = 5");
    }

    @Test
    void identityIsByteIdentical() {
        String sql = "select 'a''b', E'c\\n', $t$d$t$, U&'\\0041' UESCAPE '\\', 'x'\n'y', B'01', 42, N'n'";
        Map<SqlToken, String> identity = new LinkedHashMap<>();
        for (SqlToken token : SqlLexer.lex(sql, ON)) {
            if (token.isLiteral()) {
                identity.put(token, token.value());
            }
        }
        assertThat(LiteralRewriter.rewrite(sql, identity, ON)).isEqualTo(sql);
    }

    @Test
    void formsKeptWhenSafe() {
        assertThat(rewrite("select $$a$$", 0, "b")).isEqualTo("select $$b$$");
        assertThat(rewrite("select $tag$a$tag$", 0, "b $$ c")).isEqualTo("select $tag$b $$ c$tag$");
        assertThat(rewrite("select e'a'", 0, "it's \\ here")).isEqualTo("select e'it''s \\\\ here'");
        assertThat(rewrite("select N'a'", 0, "o'k")).isEqualTo("select N'o''k'");
        assertThat(rewrite("select b'01'", 0, "10")).isEqualTo("select b'10'");
        assertThat(rewrite("select X'1f'", 0, "FF")).isEqualTo("select X'FF'");
    }

    @Test
    void formsDroppedWhenNotSafe() {
        assertThat(rewrite("select $$a$$", 0, "x $$ y")).isEqualTo("select 'x $$ y'");
        assertThat(rewrite("select $$a$$", 0, "ends with $")).isEqualTo("select 'ends with $'");
        assertThat(rewrite("select $t$a$t$", 0, "ends with $")).isEqualTo("select $t$ends with $$t$");
        assertThat(rewrite("select b'01'", 0, "<REDACTED>")).isEqualTo("select '<REDACTED>'");
        assertThat(rewrite("select U&'\\0041' UESCAPE '!' as x", 0, "B")).isEqualTo("select 'B' as x");
    }

    @Test
    void continuedConstantBecomesOne() {
        assertThat(rewrite("select 'ab' -- one\n 'cd' as x", 0, "new")).isEqualTo("select 'new' as x");
    }

    @Test
    void backslashesUnderBothSettings() {
        assertThat(rewrite("select 'a'", 0, "c:\\dir")).isEqualTo("select 'c:\\dir'");
        assertThat(rewrite("select 'a'", 0, "c:\\dir", OFF)).isEqualTo("select E'c:\\\\dir'");
        assertThat(rewrite("select 'a'", 0, "it's", OFF)).isEqualTo("select 'it''s'");
        assertThat(rewrite("select N'a'", 0, "c:\\dir", OFF)).isEqualTo("select N'c:\\\\dir'");
    }

    @Test
    void numbers() {
        assertThat(rewrite("select 4111111111111111", 0, "1234")).isEqualTo("select 1234");
        assertThat(rewrite("select 4111111111111111", 0, "<CREDIT_CARD>")).isEqualTo("select '<CREDIT_CARD>'");
    }

    @Test
    void spaceWhenANewPrefixWouldJoinTheWordBefore() {
        // "text'...'" is a typed constant written without a space.
        assertThat(rewrite("select text'a'", 0, "c:\\dir", OFF)).isEqualTo("select text E'c:\\\\dir'");
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> rewrite("select 'a'", 0, "nul\0"))
                .isInstanceOf(LiteralRewriteException.class);
        SqlToken word = SqlLexer.lex("select 'a'", ON).get(0);
        assertThatThrownBy(() -> LiteralRewriter.rewrite("select 'a'", Map.of(word, "x"), ON))
                .isInstanceOf(LiteralRewriteException.class);
        SqlToken foreign = SqlLexer.lex("select   'zz'", ON).get(1);
        assertThatThrownBy(() -> LiteralRewriter.rewrite("select 'a' , 'b'", Map.of(foreign, "x"), ON))
                .isInstanceOf(LiteralRewriteException.class);
    }

    @Test
    void anyValueReadsBackInEveryFormUnderBothSettings() {
        Random random = new Random(11);
        String alphabet = "ab'\\$\"\n\t xé😀-/*;tE_01";
        String[] forms = {"'q'", "E'q'", "N'q'", "$$q$$", "$x$q$x$", "B'01'", "X'0f'", "'p'\n'q'", "7"};
        String[] unicodeForm = {"U&'q'"};
        for (int i = 0; i < 3000; i++) {
            StringBuilder value = new StringBuilder();
            for (int j = random.nextInt(12); j > 0; j--) {
                value.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            for (SqlSettings settings : List.of(ON, OFF)) {
                for (String form : settings.standardConformingStrings() ? concat(forms, unicodeForm) : forms) {
                    String sql = "select a," + form + ",b";
                    String rewritten = rewrite(sql, 0, value.toString(), settings);
                    assertThat(values(rewritten, settings)).as("%s -> %s", sql, rewritten).containsExactly(value.toString());
                    assertThat(rewritten).startsWith("select a,").endsWith(",b");
                }
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void maskingAnAnalysedStatement() {
        String sql = "insert into agent_traces (agent, reasoning, payload) values ('a7', E'card 4111\\n', $$ {\"e\": \"x@y.z\"} $$::jsonb)";
        WriteAnalyzer analyzer = new WriteAnalyzer(WriteAnalyzerTest.TABLES);
        SqlStatement statement = SqlStatement.parseAll(sql, ON).get(0);
        WriteAnalysis.ProtectedValues values = (WriteAnalysis.ProtectedValues) analyzer.analyze(statement);
        Map<SqlToken, String> masked = new HashMap<>();
        for (ColumnFlow flow : values.flows()) {
            for (ValueSource source : flow.sources()) {
                SqlToken token = ((ValueSource.Literal) source).token();
                masked.put(token, token.value().replace("4111", "<CC>").replace("x@y.z", "<EMAIL>"));
            }
        }
        assertThat(LiteralRewriter.rewrite(sql, masked, ON)).isEqualTo(
                "insert into agent_traces (agent, reasoning, payload) values ('a7', E'card <CC>\\n', $$ {\"e\": \"<EMAIL>\"} $$::jsonb)");
    }
}
