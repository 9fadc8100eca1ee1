package io.tracegate.it.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One gateway with the default test policy for a whole test class, over the shared PostgreSQL,
 * optionally with {@code public.agent_traces} emptied before each test:
 * <pre>
 * &#64;RegisterExtension
 * static final GatewayExtension gateway = GatewayExtension.emptyingTracesBeforeEach(); // or perClass()
 * </pre>
 */
public final class GatewayExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final boolean emptyTraces;
    private GatewayFixture fixture;

    private GatewayExtension(boolean emptyTraces) {
        this.emptyTraces = emptyTraces;
    }

    /** A gateway for the class, nothing done between its tests. */
    public static GatewayExtension perClass() {
        return new GatewayExtension(false);
    }

    /** A gateway for the class; every test starts with no rows in {@code public.agent_traces}. */
    public static GatewayExtension emptyingTracesBeforeEach() {
        return new GatewayExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = GatewayFixture.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        if (emptyTraces) {
            PostgresFixture.shared().truncateTraces();
        }
    }

    /** The running gateway; only between the class's first and last test. */
    public GatewayFixture fixture() {
        if (fixture == null) {
            throw new IllegalStateException("the gateway runs only while the test class does");
        }
        return fixture;
    }

    public int port() {
        return fixture().port();
    }

    /** A pgjdbc connection through the gateway as the agent. */
    public Connection connect() throws SQLException {
        return fixture().connect();
    }

    /** As {@link #connect()}, with more pgjdbc connection properties. */
    public Connection connect(Properties properties) throws SQLException {
        return fixture().connect(properties);
    }
}
