package io.tracegate.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.SqlSettings;
import io.tracegate.policy.StatementKind;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementClassifierTest {

    static StatementInfo info(String sql) {
        List<SqlStatement> statements = SqlStatement.parseAll(sql, SqlSettings.DEFAULT);
        assertThat(statements).as(sql).hasSize(1);
        return StatementClassifier.classify(statements.get(0));
    }

    static StatementKind kind(String sql) {
        return info(sql).kind();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "select * from agent_traces|SELECT",
        "(select 1) union (select 2)|SELECT",
        "values (1), (2)|SELECT",
        "table agent_traces|SELECT",
        "select * from t for update|SELECT",
        "insert into t values (1)|INSERT",
        "update t set a = 1|UPDATE",
        "delete from t|DELETE",
        "merge into t using s on t.id = s.id when matched then delete|MERGE",
        "create table t (a int)|DDL",
        "alter table t add column b int|DDL",
        "drop table t|DDL",
        "comment on table t is 'x'|DDL",
        "grant select on t to bob|DDL",
        "vacuum full t|DDL",
        "select * into newt from t|DDL",
        "create table n as select * from t|DDL",
        "truncate t|TRUNCATE",
        "copy t from stdin|COPY_FROM_STDIN",
        "copy t to stdout|COPY_TO_STDOUT",
        "copy (select 1) to stdout|COPY_TO_STDOUT",
        "copy t from '/etc/passwd'|COPY_SERVER_SIDE",
        "copy t to program 'curl x'|COPY_SERVER_SIDE",
        "select pg_read_file('/etc/passwd')|DANGEROUS_FUNCTION",
        "select * from pg_catalog.pg_ls_dir('.')|DANGEROUS_FUNCTION",
        "select \"pg_read_binary_file\"('x')|DANGEROUS_FUNCTION",
        "select lo_import('/etc/passwd')|DANGEROUS_FUNCTION",
        "select dblink_exec('host=x', 'drop table t')|DANGEROUS_FUNCTION",
        "select pg_terminate_backend(42)|DANGEROUS_FUNCTION",
        "insert into t (a) select pg_read_file('/etc/passwd')|DANGEROUS_FUNCTION",
        "select set_config('search_path', 'evil', false)|DANGEROUS_FUNCTION",
        "select set_config(name, 'x', false) from settings|DANGEROUS_FUNCTION",
        "select set_config('app.user_id', '42', false)|SELECT",
        "select query_to_xml('select 1', true, true, '')|DANGEROUS_FUNCTION",
        "load 'evil'|DANGEROUS_FUNCTION",
        "begin|OTHER",
        "commit|OTHER",
        "set search_path = x|OTHER",
        "show work_mem|OTHER",
        "do $$ begin null; end $$|OTHER",
        "call p(1)|OTHER",
        "execute q(1)|OTHER",
        "listen ch|OTHER",
        "declare c cursor for select * from t|SELECT",
        "explain select * from t|OTHER",
        "explain insert into t values (1)|OTHER",
        "explain analyze insert into t values (1)|INSERT",
        "explain (analyze, buffers) delete from t|DELETE",
        "explain (analyze false) delete from t|OTHER",
        "explain (format json, analyze on) update t set a = 1|UPDATE",
        "prepare q as insert into t values ($1)|INSERT",
        "prepare transaction 'x'|OTHER",
    })
    void kinds(String sql, StatementKind expected) {
        assertThat(kind(sql)).isEqualTo(expected);
    }

    @Nested
    class WithClauses {
        @Test
        void writingCteMakesTheStatementAWrite() {
            StatementInfo info = info("with ins as (insert into agent_traces (reasoning) values ('x') returning id)"
                    + " select * from ins");
            assertThat(info.kind()).isEqualTo(StatementKind.INSERT);
            assertThat(info.writeTargets()).containsExactly("public.agent_traces");
            assertThat(info.tables()).containsExactly("public.agent_traces");
        }

        @Test
        void mainWriteAfterReadingCtes() {
            StatementInfo info = info("WITH RECURSIVE src (a) AS (SELECT a FROM staging), b AS NOT MATERIALIZED"
                    + " (SELECT * FROM src) INSERT INTO agent_traces SELECT * FROM b");
            assertThat(info.kind()).isEqualTo(StatementKind.INSERT);
            assertThat(info.tables()).containsExactlyInAnyOrder("public.staging", "public.agent_traces");
            assertThat(info.writeTargets()).containsExactly("public.agent_traces");
        }

        @Test
        void deleteWinsOverInsert() {
            StatementInfo info = info("with d as (delete from a returning *) insert into b select * from d");
            assertThat(info.kind()).isEqualTo(StatementKind.DELETE);
            assertThat(info.writeTargets()).containsExactlyInAnyOrder("public.a", "public.b");
        }

        @Test
        void cteBodyReferringToTheTableOfTheSameNameIsTheTable() {
            // A non-recursive CTE does not see itself: the inner agent_traces is the real table.
            StatementInfo info = info("with agent_traces as (select * from agent_traces) select * from agent_traces");
            assertThat(info.tables()).containsExactly("public.agent_traces");
            StatementInfo shadow = info("with x as (select 1) select * from x");
            assertThat(shadow.tables()).isEmpty();
        }

        @Test
        void searchAndCycleClauses() {
            StatementInfo info = info("with recursive t(n) as (select 1 union all select n + 1 from t)"
                    + " search depth first by n set ord, u as (update w set a = 1 returning *) select * from t, u");
            assertThat(info.kind()).isEqualTo(StatementKind.UPDATE);
            assertThat(info.writeTargets()).containsExactly("public.w");
            assertThat(info.tables()).containsExactly("public.w");
        }
    }

    @Nested
    class Tables {
        @Test
        void namesAreQualifiedAndFolded() {
            StatementInfo info = info("SELECT * FROM Agent_Traces a JOIN traces.\"Other\" o ON a.id = o.id,"
                    + " db.s.t3, LATERAL f(a.x) g, (SELECT 1 FROM inner_t) sub");
            assertThat(info.tables()).containsExactlyInAnyOrder("public.agent_traces", "traces.Other", "s.t3",
                    "public.inner_t");
        }

        @Test
        void fromInsideFunctionSyntaxIsNotATable() {
            StatementInfo info = info("select extract(year from ts), substring(s from 2 for 3), trim(both 'x' from y),"
                    + " a is distinct from b from t");
            assertThat(info.tables()).containsExactly("public.t");
        }

        @Test
        void parenthesisedJoins() {
            assertThat(info("select * from (a join b on true) join (c cross join d) on true").tables())
                    .containsExactlyInAnyOrder("public.a", "public.b", "public.c", "public.d");
        }

        @Test
        void subqueriesAnywhere() {
            StatementInfo info = info("update t set a = (select max(x) from u) where id in (select id from v)"
                    + " and exists (select 1 from w join x2 using (id))");
            assertThat(info.tables()).containsExactlyInAnyOrder("public.t", "public.u", "public.v", "public.w", "public.x2");
            assertThat(info.writeTargets()).containsExactly("public.t");
        }

        @Test
        void deleteUsingAndMergeUsing() {
            assertThat(info("delete from only t using u, v x where t.id = u.id").tables())
                    .containsExactlyInAnyOrder("public.t", "public.u", "public.v");
            assertThat(info("merge into t as x using s on x.id = s.id when not matched then insert values (1)").tables())
                    .containsExactlyInAnyOrder("public.t", "public.s");
        }

        @Test
        void updateFromAndInsertSelect() {
            StatementInfo update = info("update only t * as x set a = u.a from u where x.id = u.id");
            assertThat(update.tables()).containsExactlyInAnyOrder("public.t", "public.u");
            assertThat(update.writeTargets()).containsExactly("public.t");
            StatementInfo insert = info("insert into public.agent_traces as a (reasoning) select r from other_traces");
            assertThat(insert.tables()).containsExactlyInAnyOrder("public.agent_traces", "public.other_traces");
        }

        @Test
        void tableFunctionsAreNotTables() {
            assertThat(info("select * from generate_series(1, 3) g, unnest($1) u, rows from (f(1)) r").tables()).isEmpty();
        }

        @Test
        void ddlTables() {
            assertThat(info("create index i on agent_traces (reasoning)").tables()).containsExactly("public.agent_traces");
            assertThat(info("drop table if exists a, s.b cascade").tables()).containsExactlyInAnyOrder("public.a", "s.b");
            assertThat(info("alter table only agent_traces add constraint f foreign key (x) references other (id)").tables())
                    .containsExactlyInAnyOrder("public.agent_traces", "public.other");
            assertThat(info("comment on column agent_traces.reasoning is 'x'").tables()).containsExactly("public.agent_traces");
            assertThat(info("grant select, insert on agent_traces, t2 to agent").tables())
                    .containsExactlyInAnyOrder("public.agent_traces", "public.t2");
            assertThat(info("revoke all on table agent_traces from alice").tables()).containsExactly("public.agent_traces");
            assertThat(info("create rule r as on insert to agent_traces do instead nothing").tables())
                    .containsExactly("public.agent_traces");
        }

        @Test
        void createTableAsAndSelectIntoWriteTheNewTable() {
            StatementInfo ctas = info("create temp table if not exists copy1 as select * from agent_traces a join b on a.id = b.id");
            assertThat(ctas.writeTargets()).containsExactly("public.copy1");
            assertThat(ctas.tables()).containsExactlyInAnyOrder("public.copy1", "public.agent_traces", "public.b");
            StatementInfo into = info("select * into temp copy2 from agent_traces");
            assertThat(into.writeTargets()).containsExactly("public.copy2");
        }

        @Test
        void truncateAndLockLists() {
            StatementInfo truncate = info("truncate table only a, b * restart identity");
            assertThat(truncate.writeTargets()).containsExactlyInAnyOrder("public.a", "public.b");
            assertThat(info("lock table a, s.b in exclusive mode").tables()).containsExactlyInAnyOrder("public.a", "s.b");
        }

        @Test
        void explainWithoutAnalyzeWritesNothing() {
            StatementInfo info = info("explain insert into agent_traces values (1)");
            assertThat(info.tables()).containsExactly("public.agent_traces");
            assertThat(info.writeTargets()).isEmpty();
        }

        @Test
        void tableNamedLikeADangerousFunction() {
            assertThat(kind("insert into lo_import (a) values (1)")).isEqualTo(StatementKind.INSERT);
        }
    }

    @Nested
    class Opaque {
        @Test
        void doBlockNamesItsTables() {
            StatementInfo info = info("DO $$BEGIN INSERT INTO agent_traces(reasoning) SELECT x FROM staging; END$$");
            assertThat(info.opaque()).hasValueSatisfying(r -> assertThat(r).startsWith("DO block"));
            assertThat(info.writeTargets()).containsExactly("public.agent_traces");
            assertThat(info.tables()).containsExactlyInAnyOrder("public.agent_traces", "public.staging");
        }

        @Test
        void doBlockWithDynamicSql() {
            StatementInfo info = info("do language plpgsql 'begin execute ''insert into '' || ''agent_traces''; end'");
            assertThat(info.opaque()).hasValueSatisfying(r -> assertThat(r).contains("dynamic SQL"));
        }

        @Test
        void prepareExecuteAndCall() {
            StatementInfo prepare = info("prepare ins (text) as insert into agent_traces (reasoning) values ($1)");
            assertThat(prepare.opaque()).isPresent();
            assertThat(prepare.writeTargets()).containsExactly("public.agent_traces");
            assertThat(info("execute ins('secret')").opaque()).isPresent();
            assertThat(info("call write_trace('secret')").opaque()).isPresent();
            assertThat(info("insert into t values (1)").opaque()).isEmpty();
            assertThat(info("prepare q (int) as select * from t where id = $1").opaque()).isEmpty();
        }
    }

    @Nested
    class Settings {
        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "set standard_conforming_strings = off|true",
            "set local search_path to evil|true",
            "set schema 'evil'|true",
            "SET SESSION standard_conforming_strings TO on|true",
            "reset all|true",
            "reset standard_conforming_strings|true",
            "discard all|true",
            "rollback|true",
            "commit|true",
            "select set_config('standard_conforming_strings', 'off', false)|true",
            "set work_mem = '1MB'|false",
            "reset work_mem|false",
            "select set_config('app.x', '1', false)|false",
            "begin|false",
            "select 1|false",
        })
        void flagsStatementsThatMayChangeHowLaterSqlIsRead(String sql, boolean expected) {
            assertThat(info(sql).mayChangeSqlSettings()).isEqualTo(expected);
        }

        /** Only search_path changes matter to the statements after it in the same Query string. */
        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "set local search_path to evil|true",
            "SET \"Search_Path\" TO evil|true",
            "set schema 'evil'|true",
            "reset search_path|true",
            "reset all|true",
            "discard all|true",
            "rollback|true",
            "commit|true",
            "prepare transaction 'x'|true",
            "select set_config('search_path', 'evil', false)|true",
            "select set_config('SEARCH_PATH', 'evil', false)|true",
            "select set_config(name, 'x', false) from settings|true",
            "set standard_conforming_strings = off|false",
            "SET LOCAL standard_conforming_strings TO on|false",
            "reset standard_conforming_strings|false",
            "select set_config('standard_conforming_strings', 'off', false)|false",
            "set client_encoding = 'LATIN1'|false",
            "set work_mem = '1MB'|false",
            "select 1|false",
        })
        void flagsStatementsThatMayChangeSearchPath(String sql, boolean expected) {
            assertThat(info(sql).mayChangeSearchPath()).isEqualTo(expected);
            if (expected) {
                assertThat(info(sql).mayChangeSqlSettings()).isTrue();
            }
        }
    }

    @Nested
    class Problems {
        @Test
        void lexErrorIsAProblem() {
            assertThat(info("insert into t values ('abc").problem()).hasValueSatisfying(
                    p -> assertThat(p).startsWith("unterminated quoted string"));
        }

        @Test
        void unknownStatement() {
            assertThat(info("frobnicate t").problem()).isPresent();
            assertThat(info("select 1").problem()).isEmpty();
        }

        @Test
        void emptyAndNonWordStatements() {
            assertThat(StatementClassifier.classify(SqlStatement.parseOne("", SqlSettings.DEFAULT)).kind())
                    .isEqualTo(StatementKind.OTHER);
            assertThat(kind("$1")).isEqualTo(StatementKind.OTHER);
        }
    }
}
