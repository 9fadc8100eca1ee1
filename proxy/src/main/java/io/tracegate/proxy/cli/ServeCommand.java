package io.tracegate.proxy.cli;

import io.tracegate.policy.config.ConfigException;
import io.tracegate.policy.config.ConfigLoader;
import io.tracegate.policy.config.TracegateConfig;
import io.tracegate.proxy.server.GatewayServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the gateway with a policy file until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway with the given policy file until stopped (SIGTERM / Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The policy file.")
    private Path config;

    @Override
    public Integer call() throws Exception {
        TracegateConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            e.errors().forEach(error -> System.err.println(error));
            System.err.println("tracegate: not started: " + e.errors().size() + " error(s) in " + config);
            return 2;
        }
        GatewayServer server = GatewayServer.start(loaded);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tracegate-shutdown"));
        stopped.await();
        return 0;
    }
}
