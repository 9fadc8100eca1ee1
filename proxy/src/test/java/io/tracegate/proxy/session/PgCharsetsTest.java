package io.tracegate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PgCharsetsTest {

    @Test
    void mapsPostgresEncodingNamesToJavaCharsets() {
        assertThat(PgCharsets.forEncoding("UTF8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(PgCharsets.forEncoding("utf-8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(PgCharsets.forEncoding("LATIN1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(PgCharsets.forEncoding("SQL_ASCII")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(PgCharsets.forEncoding("WIN1252").name()).isEqualTo("windows-1252");
        assertThat(PgCharsets.forEncoding("EUC_JP").name()).isEqualTo("EUC-JP");
    }
}
