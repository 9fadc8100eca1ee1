package io.tracegate.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.SqlSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WriteAnalyzerTest {
    static final ProtectedTables TABLES = ProtectedTables.of(Map.of(
            "public.agent_traces", Map.of("reasoning", ColumnKind.TEXT, "payload", ColumnKind.JSON)));
    static final ProtectedColumn REASONING = new ProtectedColumn("public.agent_traces", "reasoning", ColumnKind.TEXT);
    static final ProtectedColumn PAYLOAD = new ProtectedColumn("public.agent_traces", "payload", ColumnKind.JSON);

    final WriteAnalyzer analyzer = new WriteAnalyzer(TABLES);

    WriteAnalysis analyze(String sql) {
        return analyze(analyzer, sql);
    }

    static WriteAnalysis analyze(WriteAnalyzer analyzer, String sql) {
        List<SqlStatement> statements = SqlStatement.parseAll(sql, SqlSettings.DEFAULT);
        assertThat(statements).hasSize(1);
        return analyzer.analyze(statements.get(0));
    }

    static WriteAnalysis.ProtectedValues values(WriteAnalysis analysis) {
        assertThat(analysis).isInstanceOf(WriteAnalysis.ProtectedValues.class);
        return (WriteAnalysis.ProtectedValues) analysis;
    }

    /** "column <- decoded(maskAs) + $n(maskAs)" per flow, in order. */
    static List<String> describe(WriteAnalysis analysis) {
        return values(analysis).flows().stream().map(flow -> flow.column().column() + " <- "
                + flow.sources().stream().map(WriteAnalyzerTest::describe).collect(Collectors.joining(" + ")))
                .toList();
    }

    /** A piece and how it is masked: {@code v(text)}, or {@code v(text under a/$1/?)} inside built JSON objects. */
    static String describe(ValueSource source) {
        String kind = source.maskAs() == ColumnKind.JSON ? "json" : "text";
        if (!source.jsonKeys().isEmpty()) {
            kind += " under " + source.jsonKeys().stream().map(WriteAnalyzerTest::describe).collect(Collectors.joining("/"));
        }
        if (source instanceof ValueSource.Literal literal) {
            return literal.token().value() + "(" + kind + ")";
        }
        return "$" + ((ValueSource.Parameter) source).number() + "(" + kind + ")";
    }

    static String describe(JsonKey key) {
        if (key instanceof JsonKey.Constant constant) {
            return constant.token().value();
        }
        if (key instanceof JsonKey.Path path) {
            return "path" + path.token().value();
        }
        return key instanceof JsonKey.Parameter parameter ? "$" + parameter.number() : "?";
    }

    static List<String> opaque(WriteAnalysis analysis) {
        return values(analysis).opaque().stream().map(o -> o.column().column() + ": " + o.reason()).toList();
    }

    @Nested
    class Inserts {
        @Test
        void valuesIntoProtectedColumns() {
            WriteAnalysis analysis = analyze("INSERT INTO agent_traces (id, agent, reasoning, payload)"
                    + " VALUES (1, 'agent-7', 'card 4111 1111 1111 1111', '{\"k\": \"v\"}'::jsonb)");
            assertThat(describe(analysis)).containsExactly(
                    "reasoning <- card 4111 1111 1111 1111(text)",
                    "payload <- {\"k\": \"v\"}(json)");
            assertThat(opaque(analysis)).isEmpty();
        }

        @Test
        void literalTokensLocateTheSource() {
            String sql = "insert into agent_traces (reasoning) values ('secret')";
            ValueSource.Literal literal = (ValueSource.Literal) values(analyze(sql)).flows().get(0).sources().get(0);
            assertThat(literal.token().source(sql)).isEqualTo("'secret'");
        }

        @Test
        void everyRowOfAMultiRowInsert() {
            assertThat(describe(analyze("insert into agent_traces (agent, reasoning) values ('a', 'r1'), ('b', 'r2'),"
                    + " ('c', 'r3')"))).containsExactly("reasoning <- r1(text)", "reasoning <- r2(text)", "reasoning <- r3(text)");
        }

        @Test
        void literalFormsJSqlParserRejects() {
            WriteAnalysis analysis = analyze("insert into agent_traces (reasoning, payload) values"
                    + " (E'it\\'s \\x41', $t$ {\"a\": 1} $t$),"
                    + " (U&'!0041' UESCAPE '!', 'ab'\n'cd')");
            // Rows of one shape are analysed once: flows come column by column, then row by row.
            assertThat(describe(analysis)).containsExactly(
                    "reasoning <- it's A(text)", "reasoning <- A(text)",
                    "payload <-  {\"a\": 1} (json)", "payload <- abcd(json)");
        }

        @Test
        void parameters() {
            assertThat(describe(analyze("insert into agent_traces (agent, reasoning, payload) values ($1, $2, $3::jsonb)")))
                    .containsExactly("reasoning <- $2(text)", "payload <- $3(json)");
        }

        @Test
        void nestedConstructs() {
            WriteAnalysis analysis = analyze("insert into agent_traces (reasoning, payload) values"
                    + " (concat('a', $1) || 'b', jsonb_build_object('k', 'v', 'n', $2)),"
                    + " (format('%s!', upper('c')), '{\"x\": 1}'::jsonb || jsonb_build_object('y', 'z')),"
                    + " (coalesce($3, 'd')::text, array_to_json(ARRAY['e', 'f'])::jsonb),"
                    + " (CASE WHEN $4 > 0 THEN 'g' ELSE 'h' END, cast('{}' as jsonb))");
            assertThat(describe(analysis)).containsExactly(
                    "reasoning <- a(text) + $1(text) + b(text)",
                    "payload <- k(text) + v(text under k) + n(text) + $2(text under n)",
                    "reasoning <- %s!(text) + c(text)",
                    "payload <- {\"x\": 1}(json) + y(text) + z(text under y)",
                    "reasoning <- $3(text) + d(text)",
                    "payload <- e(text) + f(text)",
                    "reasoning <- g(text) + h(text)",
                    "payload <- {}(json)");
            assertThat(values(analysis).flows().get(0).combined()).isTrue();
            assertThat(values(analysis).flows().get(7).combined()).isFalse();
        }

        @Test
        void numbersAreSourcesToo() {
            assertThat(describe(analyze("insert into agent_traces (reasoning) values (4111111111111111)")))
                    .containsExactly("reasoning <- 4111111111111111(text)");
        }

        @Test
        void insertSelectOfConstants() {
            assertThat(describe(analyze("insert into agent_traces (reasoning) select 'x' union all select $1")))
                    .containsExactly("reasoning <- x(text)", "reasoning <- $1(text)");
        }

        @Test
        void insertSelectFromAnotherTableIsOpaque() {
            WriteAnalysis analysis = analyze("insert into agent_traces (agent, reasoning) select a, r || 'x' from staging");
            assertThat(opaque(analysis)).containsExactly("reasoning: INSERT ... SELECT copies column r from another table");
            assertThat(describe(analysis)).containsExactly("reasoning <- x(text)");
            assertThat(opaque(analyze("insert into agent_traces (reasoning, payload) select * from staging")))
                    .containsExactlyInAnyOrder(
                            "reasoning: INSERT ... SELECT * copies columns from another table",
                            "payload: INSERT ... SELECT * copies columns from another table");
        }

        @Test
        void transformingFunctionsAndSubqueriesAreOpaque() {
            WriteAnalysis analysis = analyze("insert into agent_traces (reasoning, payload) values"
                    + " (convert_from(decode('NDExMQ==', 'base64'), 'UTF8'), (select payload from other limit 1)),"
                    + " (overlay('4111 xxxx' placing '1111' from 6), null)");
            assertThat(opaque(analysis)).containsExactly(
                    "reasoning: function convert_from(...) may transform its arguments beyond what the gateway checks",
                    "payload: value computed by a subquery",
                    "reasoning: function overlay(...) may transform its arguments beyond what the gateway checks");
            assertThat(values(analysis).flows()).isEmpty();
        }

        @Test
        void valueFreeExpressionsAreNothing() {
            assertThat(analyze("insert into agent_traces (reasoning, payload) values (default, null), (now()::text, current_user)"))
                    .isEqualTo(new WriteAnalysis.NoProtectedValues());
            assertThat(analyze("update agent_traces set reasoning = cast(('secret' = $1) as text), payload = true"))
                    .isEqualTo(new WriteAnalysis.NoProtectedValues());
            assertThat(analyze("insert into agent_traces (reasoning) values ('secret' is null)"))
                    .isEqualTo(new WriteAnalysis.NoProtectedValues());
        }

        @Test
        void unprotectedColumnsAndTablesAreIgnored() {
            assertThat(analyze("insert into agent_traces (agent) values ('x')")).isEqualTo(new WriteAnalysis.NoProtectedValues());
            assertThat(analyze("insert into other (reasoning) values ('x')")).isEqualTo(new WriteAnalysis.NoProtectedValues());
            assertThat(analyzer.parseCount()).isEqualTo(1);
        }

        @Test
        void quotedAndQualifiedNames() {
            assertThat(describe(analyze("INSERT INTO \"public\".\"agent_traces\" AS t (\"reasoning\") VALUES ('x')")))
                    .containsExactly("reasoning <- x(text)");
            assertThat(analyze("INSERT INTO agent_traces (\"Reasoning\") VALUES ('x')"))
                    .isEqualTo(new WriteAnalysis.NoProtectedValues());
        }
    }

    @Nested
    class OnConflict {
        @Test
        void excludedResolvesToTheInsertedValuesRowByRow() {
            WriteAnalysis analysis = analyze("insert into agent_traces (id, agent, reasoning) values (1, 'a1', 'r1'), (2, 'a2', 'r2')"
                    + " on conflict (id) do update set reasoning = excluded.agent || ' ' || excluded.reasoning");
            assertThat(describe(analysis)).containsExactly(
                    "reasoning <- r1(text)", "reasoning <- r2(text)",
                    "reasoning <- a1(text) +  (text) + r1(text)", "reasoning <- a2(text) +  (text) + r2(text)");
        }

        @Test
        void storedValueOfTheRowIsAlreadyMasked() {
            WriteAnalysis analysis = analyze("insert into agent_traces as t (id, reasoning) values (1, 'r')"
                    + " on conflict (id) do update set reasoning = t.reasoning || 'more', payload = excluded.payload");
            assertThat(describe(analysis)).containsExactly("reasoning <- r(text)", "reasoning <- more(text)");
        }

        @Test
        void otherColumnsOfTheRowAreOpaque() {
            assertThat(opaque(analyze("insert into agent_traces (id, reasoning) values (1, 'r')"
                    + " on conflict (id) do update set reasoning = agent_traces.agent")))
                    .containsExactly("reasoning: value taken from column agent of another table");
        }
    }

    @Nested
    class Updates {
        @Test
        void setClauses() {
            assertThat(describe(analyze("update agent_traces set reasoning = 'x', agent = 'y', payload = $1::jsonb where id = $2")))
                    .containsExactly("reasoning <- x(text)", "payload <- $1(json)");
        }

        @Test
        void multiColumnSet() {
            assertThat(describe(analyze("update agent_traces set (agent, reasoning, payload) = ('a', 'b', '{}') where id = 1")))
                    .containsExactly("reasoning <- b(text)", "payload <- {}(json)");
            // JSqlParser does not read "= ROW(...)" here: refused rather than guessed.
            assertThat(analyze("update agent_traces set (reasoning, payload) = row('b', '{}')"))
                    .isInstanceOf(WriteAnalysis.Unanalysable.class);
        }

        @Test
        void multiColumnSetFromSubqueryIsOpaque() {
            assertThat(opaque(analyze("update agent_traces set (reasoning, payload) = (select r, p from other)")))
                    .containsExactly("reasoning: value computed by a subquery", "payload: value computed by a subquery");
        }

        @Test
        void updateFromAnotherTable() {
            WriteAnalysis analysis = analyze("update only agent_traces t set reasoning = t.reasoning || s.note from staging s"
                    + " where s.id = t.id");
            assertThat(opaque(analysis)).containsExactly("reasoning: value taken from column note of another table");
        }

        @Test
        void selfReferenceIsFine() {
            assertThat(describe(analyze("update agent_traces set reasoning = reasoning || $1")))
                    .containsExactly("reasoning <- $1(text)");
        }

        @Test
        void jsonFunctionsAndOperators() {
            assertThat(describe(analyze("update agent_traces set payload = jsonb_set(payload, '{a,b}', to_jsonb($1::text))"
                    + " - 'old', reasoning = coalesce($2, '') where id = 1")))
                    .containsExactly("payload <- {a,b}(text) + $1(text under path{a,b}) + old(text)",
                            "reasoning <- $2(text) + (text)");
            assertThat(describe(analyze("update agent_traces set payload = jsonb_insert(payload, '{k}', '{\"x\": 1}')")))
                    .containsExactly("payload <- {k}(text) + {\"x\": 1}(json under path{k})");
        }

        @Test
        void jsonSubscript() {
            assertThat(describe(analyze("update agent_traces set payload['k'] = '\"v\"'")))
                    .containsExactly("payload <- \"v\"(json under k)");
        }
    }

    /** JSON object builders: each value is recorded with the property names it is put under. */
    @Nested
    class JsonObjects {
        @Test
        void buildObjectPairsNamesWithValues() {
            assertThat(describe(analyze("insert into agent_traces (payload) values (jsonb_build_object("
                    + "'password', 'hunter2', 'pin', 1234, 'odd')::json)")))
                    .containsExactly("payload <- password(text) + hunter2(text under password) + pin(text)"
                            + " + 1234(text under pin) + odd(text)");
        }

        @Test
        void nestedBuildersAndArraysAddTheirNames() {
            assertThat(describe(analyze("insert into agent_traces (payload) values (json_build_object("
                    + "'auth', jsonb_build_object('token', 'abc', 'note', concat('x', 'y')),"
                    + " 'list', json_build_array('a', '{\"k\": 1}'::jsonb)))")))
                    .containsExactly("payload <- auth(text) + token(text) + abc(text under auth/token)"
                            + " + note(text) + x(text under auth/note) + y(text under auth/note)"
                            + " + list(text) + a(text under list) + {\"k\": 1}(json under list)");
        }

        @Test
        void parameterNamesAndValues() {
            assertThat(describe(analyze("update agent_traces set payload = jsonb_build_object($1, $2, 'k', $3::text,"
                    + " $4::text, 'v')")))
                    .containsExactly("payload <- $1(text) + $2(text under $1) + k(text) + $3(text under k)"
                            + " + $4(text) + v(text under $4)");
        }

        @Test
        void namesTheGatewayCannotReadAreComputed() {
            assertThat(describe(analyze("insert into agent_traces (payload) values (jsonb_build_object("
                    + "'pass' || 'word', 'a', lower('PASSWORD'), 'b', 'password'::varchar(4), 'c', $1::char(8), 'd'))")))
                    .containsExactly("payload <- pass(text) + word(text) + a(text under ?) + PASSWORD(text)"
                            + " + b(text under ?) + password(text) + c(text under ?) + $1(text) + d(text under ?)");
            assertThat(opaque(analyze("insert into agent_traces (payload) values (jsonb_build_object("
                    + "'pass' || 'word', 'a', lower('PASSWORD'), 'b'))"))).isEmpty();
        }

        @Test
        void objectFromNameAndValueArrays() {
            assertThat(describe(analyze("insert into agent_traces (payload) values"
                    + " (jsonb_object(ARRAY['password', 'a', 'note', 'b'])),"
                    + " (jsonb_object(ARRAY[['secret', 'c'], ['note', 'd']]::text[])),"
                    + " (jsonb_object(ARRAY['token', 'note'], ARRAY['e', $1]))")))
                    .containsExactly(
                            "payload <- password(text) + a(text under password) + note(text) + b(text under note)",
                            "payload <- secret(text) + c(text under secret) + note(text) + d(text under note)",
                            "payload <- token(text) + e(text under token) + note(text) + $1(text under note)");
        }

        @Test
        void valuesSetAtAPathGoUnderItsNames() {
            assertThat(describe(analyze("update agent_traces set payload = jsonb_set_lax(jsonb_set(payload,"
                    + " '{auth,token}'::text[], '\"abc\"'), ARRAY['k', $1], to_jsonb('v'::text), true)")))
                    .containsExactly("payload <- {auth,token}(text) + \"abc\"(json under path{auth,token}) + k(text)"
                            + " + $1(text) + v(text under k/$1)");
            assertThat(describe(analyze("update agent_traces set payload = jsonb_insert(payload, $1, $2)")))
                    .containsExactly("payload <- $1(text) + $2(json under ?)");
        }

        @Test
        void subscriptedTargetsPutTheValueUnderTheSubscript() {
            assertThat(describe(analyze("update agent_traces set payload['password'] = '\"x\"', payload[$1] = $2")))
                    .containsExactly("payload <- \"x\"(json under password)", "payload <- $2(json under $1)");
            assertThat(describe(analyze("insert into agent_traces (agent, payload['token']) values ('a', '\"y\"')")))
                    .containsExactly("payload <- \"y\"(json under token)");
            assertThat(describe(analyze("merge into agent_traces t using (select 1 as id) s on t.id = s.id"
                    + " when matched then update set payload['k'] = '1'"
                    + " when not matched then insert (id, payload['api_key']) values (s.id, '2')")))
                    .containsExactly("payload <- 1(json under k)", "payload <- 2(json under api_key)");
        }

        @Test
        void excludedOfASubscriptedInsertIsNotTraced() {
            assertThat(opaque(analyze("insert into agent_traces (id, payload['k']) values (1, '\"v\"')"
                    + " on conflict (id) do update set payload = excluded.payload")))
                    .containsExactly("payload: EXCLUDED.payload cannot be traced to the inserted values");
        }

        @Test
        void objectFromAnArrayTheGatewayCannotSplitIsOpaque() {
            assertThat(opaque(analyze("insert into agent_traces (payload) values (jsonb_object('{password,x}'))")))
                    .singleElement().asString().contains("cannot split into names and values");
            assertThat(opaque(analyze("insert into agent_traces (payload) values (jsonb_object($1::text[], $2))")))
                    .singleElement().asString().contains("cannot split into names and values");
        }
    }

    @Nested
    class CtesAndMerge {
        @Test
        void withInsert() {
            assertThat(describe(analyze("with ins as (insert into agent_traces (reasoning) values ('in cte') returning id)"
                    + " select * from ins"))).containsExactly("reasoning <- in cte(text)");
            assertThat(describe(analyze("with src as (select 1) insert into agent_traces (reasoning) values ('main')")))
                    .containsExactly("reasoning <- main(text)");
            assertThat(describe(analyze("with u as (update agent_traces set reasoning = 'u' returning *) select 1")))
                    .containsExactly("reasoning <- u(text)");
        }

        @Test
        void withInsertSelectFromCteIsOpaque() {
            assertThat(opaque(analyze("with x as (select 'a' as r) insert into agent_traces (reasoning) select r from x")))
                    .containsExactly("reasoning: INSERT ... SELECT copies column r from another table");
        }

        @Test
        void merge() {
            WriteAnalysis analysis = analyze("merge into agent_traces t using staging s on t.id = s.id"
                    + " when matched then update set reasoning = 'm', payload = t.payload"
                    + " when not matched then insert (id, reasoning, payload) values (s.id, 'n', s.p)");
            assertThat(describe(analysis)).containsExactly("reasoning <- m(text)", "reasoning <- n(text)");
            assertThat(opaque(analysis)).containsExactly("payload: value taken from column p of the MERGE source");
        }
    }

    @Nested
    class FailClosed {
        @Test
        void missingColumnListIsUnanalysable() {
            assertThat(analyze("insert into agent_traces values (1, 'a', now(), 'r', '{}')"))
                    .isInstanceOf(WriteAnalysis.Unanalysable.class);
        }

        @Test
        void columnOrderMakesItAnalysable() {
            WriteAnalyzer withOrder = new WriteAnalyzer(TABLES, table -> table.equals("public.agent_traces")
                    ? Optional.of(List.of("id", "agent", "created_at", "reasoning", "payload")) : Optional.empty(), 16);
            assertThat(describe(analyze(withOrder, "insert into agent_traces values (1, 'a', now(), 'r', '{}')")))
                    .containsExactly("reasoning <- r(text)", "payload <- {}(json)");
        }

        @Test
        void parserRejection() {
            WriteAnalysis analysis = analyze("insert into agent_traces (reasoning) values ('{}'::jsonb #- '{a}' ?| array['x'])");
            assertThat(analysis).isInstanceOf(WriteAnalysis.Unanalysable.class);
            assertThat(((WriteAnalysis.Unanalysable) analysis).reason()).startsWith("the SQL parser does not understand");
        }

        @Test
        void lexicalError() {
            assertThat(analyze("insert into agent_traces (reasoning) values (E'\\u12')"))
                    .isEqualTo(new WriteAnalysis.Unanalysable("invalid Unicode escape at offset 45"));
        }

        @Test
        void severalStatementsInOneParse() {
            SqlStatement statement = SqlStatement.parseOne("insert into x values (1); insert into agent_traces (reasoning)"
                    + " values ('s')", SqlSettings.DEFAULT);
            assertThat(analyzer.analyze(statement)).isInstanceOf(WriteAnalysis.Unanalysable.class);
        }

        @Test
        void opaqueStatementsGiveOpaqueFlows() {
            assertThat(opaque(analyze("do $$ begin insert into agent_traces (reasoning) values ('x'); end $$")))
                    .containsExactlyInAnyOrder("reasoning: DO block: the gateway cannot see what it writes",
                            "payload: DO block: the gateway cannot see what it writes");
            assertThat(opaque(analyze("prepare p as insert into agent_traces (reasoning) values ($1)"))).hasSize(2);
        }

        @Test
        void opaqueStatementsWithUnknownTargetsCountForEveryProtectedTable() {
            assertThat(opaque(analyze("execute p('secret')"))).containsExactlyInAnyOrder(
                    "reasoning: EXECUTE runs an SQL-level prepared statement the gateway does not track",
                    "payload: EXECUTE runs an SQL-level prepared statement the gateway does not track");
            assertThat(opaque(analyze("call save_trace('secret')"))).hasSize(2);
            assertThat(opaque(analyze("do $$ begin execute 'insert into agent' || '_traces values (1)'; end $$")))
                    .hasSize(2);
            assertThat(analyze("prepare q as select * from agent_traces where id = $1"))
                    .isEqualTo(new WriteAnalysis.NoProtectedValues());
        }

        @Test
        void unreadableStatementNamingAProtectedTableIsRefused() {
            // The classifier cannot read this WITH clause, so it sees no write target; the name decides.
            assertThat(analyze("with x as materialized select 1 insert into agent_traces (reasoning) values ('s')"))
                    .isInstanceOf(WriteAnalysis.Unanalysable.class);
            assertThat(analyze("select 'unterminated")).isEqualTo(new WriteAnalysis.NoProtectedValues());
        }

        @Test
        void deletesAndReadsWriteNoValues() {
            assertThat(analyze("delete from agent_traces where id = 1")).isEqualTo(new WriteAnalysis.NoProtectedValues());
            assertThat(analyze("select * from agent_traces")).isEqualTo(new WriteAnalysis.NoProtectedValues());
            assertThat(analyze("truncate agent_traces")).isEqualTo(new WriteAnalysis.NoProtectedValues());
        }

        @Test
        void neverThrowsOnStatementsBuiltFromRandomFragments() {
            String[] fragments = {"insert into agent_traces", "update agent_traces set", "(reasoning, payload)",
                "values", "(", ")", ",", "'x'", "$1", "reasoning =", "payload =", "select", "from staging", "where",
                "on conflict (id) do update set", "excluded.reasoning", "||", "::jsonb", "row(", "array[", "]",
                "with w as (", "merge into agent_traces using s on true when matched then", "default", "*", "returning *"};
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < 300; i++) {
                StringBuilder sql = new StringBuilder(fragments[random.nextInt(2)]);
                for (int j = random.nextInt(12); j > 0; j--) {
                    sql.append(' ').append(fragments[random.nextInt(fragments.length)]);
                }
                for (SqlStatement statement : SqlStatement.parseAll(sql.toString(), SqlSettings.DEFAULT)) {
                    assertThat(analyzer.analyze(statement)).as(sql.toString()).isNotNull();
                }
            }
        }

        @Test
        void explainAnalyzeIsAnalysedAsItsStatement() {
            assertThat(describe(analyze("explain (analyze) insert into agent_traces (reasoning) values ('x')")))
                    .containsExactly("reasoning <- x(text)");
        }
    }

    @Nested
    class Copy {
        @Test
        void copyFromStdinMapsFields() {
            WriteAnalysis analysis = analyze("copy agent_traces (agent, reasoning, payload) from stdin with (format csv)");
            assertThat(analysis).isInstanceOf(WriteAnalysis.CopyRows.class);
            assertThat(((WriteAnalysis.CopyRows) analysis).fields()).isEqualTo(Map.of(1, REASONING, 2, PAYLOAD));
        }

        @Test
        void refusedCopies() {
            assertThat(analyze("copy agent_traces (reasoning) from stdin binary")).isInstanceOf(WriteAnalysis.Unanalysable.class);
            assertThat(analyze("copy agent_traces from stdin")).isInstanceOf(WriteAnalysis.Unanalysable.class);
            assertThat(analyze("copy agent_traces (reasoning) from '/tmp/x'")).isInstanceOf(WriteAnalysis.Unanalysable.class);
            assertThat(analyze("copy agent_traces (agent) from stdin")).isEqualTo(new WriteAnalysis.NoProtectedValues());
            assertThat(analyze("copy agent_traces to stdout")).isEqualTo(new WriteAnalysis.NoProtectedValues());
        }
    }

    @Nested
    class ShapeCache {
        @Test
        void statementsDifferingOnlyInLiteralsShareOneParse() {
            analyze("insert into agent_traces (agent, reasoning) values ('a', 'first secret')");
            WriteAnalysis second = analyze("INSERT  INTO agent_traces /* again */ (agent, reasoning)\n"
                    + "VALUES (E'b', $$second secret$$)");
            assertThat(analyzer.parseCount()).isEqualTo(1);
            assertThat(analyzer.cacheHits()).isEqualTo(1);
            assertThat(describe(second)).containsExactly("reasoning <- second secret(text)");
        }

        @Test
        void batchesOfAnySizeShareOneParse() {
            for (int rows = 1; rows <= 40; rows++) {
                StringBuilder sql = new StringBuilder("insert into agent_traces (agent, reasoning) values ");
                for (int r = 0; r < rows; r++) {
                    sql.append(r == 0 ? "" : ", ").append("($").append(2 * r + 1).append(", $").append(2 * r + 2).append(')');
                }
                WriteAnalysis analysis = analyze(sql.toString());
                List<String> expected = new java.util.ArrayList<>();
                for (int r = 0; r < rows; r++) {
                    expected.add("reasoning <- $" + (2 * r + 2) + "(text)");
                }
                assertThat(describe(analysis)).isEqualTo(expected);
            }
            assertThat(analyzer.parseCount()).isEqualTo(1);
        }

        @Test
        void collapsedRowsKeepOnConflictPerRow() {
            WriteAnalysis analysis = analyze("insert into agent_traces (id, agent, reasoning) values (1, 'a', 'x'), (2, 'b', 'y'),"
                    + " (3, 'c', 'z') on conflict (id) do update set reasoning = excluded.agent || 'w'");
            assertThat(describe(analysis)).containsExactly("reasoning <- x(text)", "reasoning <- y(text)",
                    "reasoning <- z(text)", "reasoning <- a(text) + w(text)", "reasoning <- b(text) + w(text)",
                    "reasoning <- c(text) + w(text)");
        }

        @Test
        void differentRowShapesAreNotCollapsed() {
            assertThat(describe(analyze("insert into agent_traces (reasoning) values ('a'), ('b' || 'c'), (upper('d'))")))
                    .containsExactly("reasoning <- a(text)", "reasoning <- b(text) + c(text)", "reasoning <- d(text)");
        }

        @Test
        void boundedCache() {
            WriteAnalyzer small = new WriteAnalyzer(TABLES, ColumnOrder.UNKNOWN, 2);
            analyze(small, "insert into agent_traces (reasoning) values ('a')");
            analyze(small, "update agent_traces set reasoning = 'a'");
            analyze(small, "update agent_traces set payload = '{}'");
            assertThat(small.cachedShapes()).isEqualTo(2);
            analyze(small, "insert into agent_traces (reasoning) values ('b')");
            assertThat(small.parseCount()).isEqualTo(4);
        }
    }
}
