package io.tracegate.it.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.it.support.GatewayFixture;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code audit.sink: none}, the baseline the audit overhead is measured against: statements run
 * and are counted in the metrics, and no audit file appears at all.
 */
class AuditOffTest {

    @Test
    void statementsRunUnauditedAndStillCount() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.builder().with("AUDIT_SINK", "none").start()) {
            try (Connection agent = Agents.jdbc(gateway, "audit-off"); Statement statement = agent.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    try (ResultSet rs = statement.executeQuery("SELECT " + i)) {
                        assertThat(rs.next()).isTrue();
                    }
                }
            }
            AdminHttp admin = new AdminHttp(gateway.server().adminPort());
            assertThat(admin.awaitStatus("/readyz", status -> status == 200).statusCode()).isEqualTo(200);
            assertThat(admin.metrics()).containsPattern("tracegate_statements_total\\{decision=\"allow\",rule=\"[a-z-]+\"} [3-9]");
            try (Stream<java.nio.file.Path> files = Files.list(gateway.dataDir())) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .noneMatch(name -> name.startsWith("audit"));
            }
        }
    }
}
