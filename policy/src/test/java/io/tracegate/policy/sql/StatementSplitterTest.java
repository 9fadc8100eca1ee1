package io.tracegate.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.SqlSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    static List<String> split(String sql) {
        return SqlStatement.parseAll(sql, SqlSettings.DEFAULT).stream().map(SqlStatement::text).toList();
    }

    @Test
    void splitsOnTopLevelSemicolons() {
        assertThat(split("select 1; select 2 ;select 3")).containsExactly("select 1", "select 2", "select 3");
    }

    @Test
    void semicolonsInsideLiteralsCommentsAndQuotesDoNotSplit() {
        String sql = "insert into t values ('a;b', $$c;d$$, $x$;$x$, E'\\';'); -- ; here\n"
                + "select \"semi;colon\" /* ; /* ; */ ; */ from t";
        assertThat(split(sql)).containsExactly(
                "insert into t values ('a;b', $$c;d$$, $x$;$x$, E'\\';')",
                "select \"semi;colon\" /* ; /* ; */ ; */ from t");
    }

    @Test
    void parenthesesKeepSemicolons() {
        assertThat(split("create rule r as on insert to t do also (insert into a values (1); insert into b values (2)); select 1"))
                .hasSize(2);
    }

    @Test
    void emptyStatementsDropped() {
        assertThat(split(" ; ;; select 1;; ")).containsExactly("select 1");
        assertThat(split("")).isEmpty();
        assertThat(split("-- only a comment")).isEmpty();
    }

    @Test
    void beginAtomicBodies() {
        String sql = "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC"
                + " SELECT 1; SELECT CASE WHEN true THEN 2 END; END; select 3";
        List<String> statements = split(sql);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).endsWith("END; END");
        assertThat(statements.get(1)).isEqualTo("select 3");
        assertThat(split("create procedure p() begin atomic insert into t values (1); end; begin; commit"))
                .hasSize(3);
    }

    @Test
    void plainBeginIsATransaction() {
        assertThat(split("begin; insert into t values (1); end;")).containsExactly("begin", "insert into t values (1)", "end");
    }

    @Test
    void unterminatedLiteralSwallowsTheRest() {
        List<SqlStatement> statements = SqlStatement.parseAll("select 'abc; select 2", SqlSettings.DEFAULT);
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).firstError()).isPresent();
    }

    @Test
    void spansPointIntoTheOriginalString() {
        String sql = "  select 1 ;\n insert into t values ('x')  ";
        List<SqlStatement> statements = SqlStatement.parseAll(sql, SqlSettings.DEFAULT);
        assertThat(statements.get(1).start()).isEqualTo(sql.indexOf("insert"));
        assertThat(statements.get(1).literals()).hasSize(1);
        assertThat(statements.get(1).literals().get(0).source(sql)).isEqualTo("'x'");
    }
}
