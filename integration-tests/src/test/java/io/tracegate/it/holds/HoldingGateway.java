package io.tracegate.it.holds;

import io.tracegate.it.support.GatewayFixture;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every hold test stands on: one gateway for the class, the reviewer alice on its admin
 * API, and {@code public.agent_traces} read directly and emptied before each test.
 * <pre>
 * &#64;RegisterExtension
 * static final HoldingGateway holding = HoldingGateway.configured(builder -> builder.with("HOLD_TIMEOUT", "2s"));
 * </pre>
 */
final class HoldingGateway implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final UnaryOperator<GatewayFixture.Builder> configure;
    private GatewayFixture gateway;
    private AdminApi alice;
    private StoredTraces traces;

    private HoldingGateway(UnaryOperator<GatewayFixture.Builder> configure) {
        this.configure = configure;
    }

    /** With the default test policy and settings. */
    static HoldingGateway withDefaults() {
        return new HoldingGateway(builder -> builder);
    }

    /** With the builder's settings changed by {@code configure} (policy variables, another policy). */
    static HoldingGateway configured(UnaryOperator<GatewayFixture.Builder> configure) {
        return new HoldingGateway(configure);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        gateway = configure.apply(GatewayFixture.builder()).start();
        alice = new AdminApi(gateway.server().adminPort(), GatewayFixture.REVIEWER_TOKEN);
        traces = new StoredTraces(gateway.postgres());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        traces.truncate();
    }

    GatewayFixture gateway() {
        return gateway;
    }

    /** The reviewer alice on the gateway's admin API. */
    AdminApi alice() {
        return alice;
    }

    /** {@code public.agent_traces}, read directly from PostgreSQL. */
    StoredTraces traces() {
        return traces;
    }
}
