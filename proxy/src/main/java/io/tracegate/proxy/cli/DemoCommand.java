package io.tracegate.proxy.cli;

import io.tracegate.policy.config.ConfigLoader;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.proxy.demo.DemoDatabase;
import io.tracegate.proxy.server.GatewayServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts an embedded PostgreSQL with a trace table, and the gateway in front of it with the
 * sample policy, then waits for Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded PostgreSQL and the gateway with a sample policy; stop with Ctrl-C.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "6432", description = "Gateway port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--admin-port", defaultValue = "9187", description = "Admin HTTP port (default: ${DEFAULT-VALUE}).")
    private int adminPort;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Audit log and recordings (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Override
    public Integer call() throws Exception {
        System.out.println("Starting embedded PostgreSQL (the first start unpacks it and takes a few seconds)...");
        DemoDatabase database = DemoDatabase.start();
        GatewayServer server;
        try {
            server = GatewayServer.start(demoConfig(database));
        } catch (Exception e) {
            database.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the gateway and PostgreSQL...");
            server.close();
            try {
                database.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, "tracegate-demo-shutdown"));
        printWelcome(server.port());
        stopped.await();
        return 0;
    }

    private TracegateConfig demoConfig(DemoDatabase database) throws Exception {
        Files.createDirectories(dataDir);
        String yaml;
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/tracegate-demo.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> env = Map.of(
                "DEMO_PORT", Integer.toString(port),
                "DEMO_ADMIN_PORT", Integer.toString(adminPort),
                "DEMO_PG_PORT", Integer.toString(database.port()),
                "DEMO_PG_PASSWORD", database.gatewayPassword(),
                "DEMO_DATA_DIR", dataDir.toAbsolutePath().toString());
        return ConfigLoader.parse(yaml, "demo policy", name -> Optional.ofNullable(env.get(name)));
    }

    private void printWelcome(int gatewayPort) {
        System.out.printf("""

                Tracegate demo is running. Agent identity: agent-7, password: agent-7-secret

                  psql:  PGPASSWORD=agent-7-secret psql "host=127.0.0.1 port=%1$d dbname=traces user=agent-7"
                  JDBC:  jdbc:postgresql://127.0.0.1:%1$d/traces?user=agent-7&password=agent-7-secret

                  try:   INSERT INTO agent_traces(agent, reasoning) VALUES ('agent-7', 'card 4111 1111 1111 1111');
                  admin: http://127.0.0.1:%2$d/  (reviewer token: alice-review-token)

                Press Ctrl-C to stop.
                """, gatewayPort, adminPort);
    }
}
