package io.tracegate.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.policy.SqlSettings;
import io.tracegate.policy.StatementKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CopyParserTest {

    static StatementInfo info(String sql) {
        return StatementClassifier.classify(SqlStatement.parseOne(sql, SqlSettings.DEFAULT));
    }

    static CopySpec spec(String sql) {
        StatementInfo info = info(sql);
        assertThat(info.problem()).as(sql).isEmpty();
        return info.copy().orElseThrow();
    }

    @Test
    void textDefaults() {
        CopySpec spec = spec("COPY agent_traces (agent, Reasoning) FROM STDIN");
        assertThat(spec.table()).hasValue("public.agent_traces");
        assertThat(spec.columns()).containsExactly("agent", "reasoning");
        assertThat(spec.direction()).isEqualTo(CopySpec.Direction.FROM);
        assertThat(spec.endpoint()).isEqualTo(CopySpec.Endpoint.STDIO);
        assertThat(spec.format()).isEqualTo(CopySpec.Format.TEXT);
        assertThat(spec.delimiter()).isEqualTo('\t');
        assertThat(spec.nullString()).isEqualTo("\\N");
        assertThat(spec.header()).isFalse();
        assertThat(info("COPY agent_traces FROM STDIN").writeTargets()).containsExactly("public.agent_traces");
    }

    @Test
    void newSyntax() {
        CopySpec spec = spec("copy s.t from stdin with (format csv, delimiter ';', quote '''', escape E'\\\\',"
                + " null 'NULL', default '@', header match, encoding 'LATIN1', force_not_null (a, b), freeze)");
        assertThat(spec.table()).hasValue("s.t");
        assertThat(spec.format()).isEqualTo(CopySpec.Format.CSV);
        assertThat(spec.delimiter()).isEqualTo(';');
        assertThat(spec.quote()).isEqualTo('\'');
        assertThat(spec.escape()).isEqualTo('\\');
        assertThat(spec.nullString()).isEqualTo("NULL");
        assertThat(spec.defaultString()).hasValue("@");
        assertThat(spec.header()).isTrue();
        assertThat(spec.encoding()).hasValue("LATIN1");
        assertThat(spec("copy t from stdin (format csv, header false)").header()).isFalse();
        assertThat(spec("copy t from stdin (format 'binary')").format()).isEqualTo(CopySpec.Format.BINARY);
    }

    @Test
    void csvDefaults() {
        CopySpec spec = spec("copy t from stdin (format csv)");
        assertThat(spec.delimiter()).isEqualTo(',');
        assertThat(spec.quote()).isEqualTo('"');
        assertThat(spec.escape()).isEqualTo('"');
        assertThat(spec.nullString()).isEmpty();
    }

    @Test
    void oldSyntax() {
        CopySpec spec = spec("copy t (a) from stdin with csv header delimiter as '|' null as '' quote as '\"'"
                + " escape '\\' force not null a");
        assertThat(spec.format()).isEqualTo(CopySpec.Format.CSV);
        assertThat(spec.header()).isTrue();
        assertThat(spec.delimiter()).isEqualTo('|');
        assertThat(spec.escape()).isEqualTo('\\');
        assertThat(spec("copy binary t from stdin").format()).isEqualTo(CopySpec.Format.BINARY);
        assertThat(spec("copy t from stdin using delimiters ','").delimiter()).isEqualTo(',');
        assertThat(spec("copy t from stdin with binary").format()).isEqualTo(CopySpec.Format.BINARY);
    }

    @Test
    void destinations() {
        CopySpec out = spec("copy (select * from agent_traces) to stdout with (format csv)");
        assertThat(out.table()).isEmpty();
        assertThat(out.direction()).isEqualTo(CopySpec.Direction.TO);
        assertThat(info("copy (select * from agent_traces) to stdout").tables()).containsExactly("public.agent_traces");
        assertThat(spec("copy t to '/tmp/x'").endpoint()).isEqualTo(CopySpec.Endpoint.FILE);
        assertThat(spec("copy t from program 'gunzip < x.gz'").endpoint()).isEqualTo(CopySpec.Endpoint.PROGRAM);
        assertThat(info("copy t from program 'x'").kind()).isEqualTo(StatementKind.COPY_SERVER_SIDE);
        assertThat(info("copy t to stdout").writeTargets()).isEmpty();
    }

    @Test
    void whereClauseIsScanned() {
        StatementInfo info = info("copy t from stdin where a > (select max(x) from u) and pg_read_file('x') is not null");
        assertThat(info.kind()).isEqualTo(StatementKind.DANGEROUS_FUNCTION);
        assertThat(info.tables()).containsExactlyInAnyOrder("public.t", "public.u");
    }

    @Test
    void problemsAreReported() {
        for (String sql : List.of("copy t from stdin (frobnicate 1)", "copy t from stdin (delimiter ';;')",
                "copy t from stdin (format xml)", "copy t (a, 1) from stdin", "copy t from stdin with oids",
                "copy t from stdin with delimiter 5", "copy t", "copy t from")) {
            assertThat(info(sql).problem()).as(sql).isNotEqualTo(Optional.empty());
        }
    }
}
