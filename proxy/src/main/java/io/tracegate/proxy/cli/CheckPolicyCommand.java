package io.tracegate.proxy.cli;

import io.tracegate.policy.config.ConfigError;
import io.tracegate.policy.config.PolicyChecker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Validates a policy file and prints every error with its key and line. */
@Command(name = "check-policy", mixinStandardHelpOptions = true,
        description = "Validate a policy file; print each error with its key and line; exit 1 when there are any.")
final class CheckPolicyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file (tracegate.yaml).")
    private Path file;

    @Override
    public Integer call() {
        List<ConfigError> errors = PolicyChecker.check(file);
        if (errors.isEmpty()) {
            System.out.println(file + ": OK");
            return 0;
        }
        errors.forEach(error -> System.err.println(error));
        System.err.println(errors.size() + " error(s) in " + file);
        return 1;
    }
}
