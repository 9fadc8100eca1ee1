package io.tracegate.proxy.cli;

import io.tracegate.protocol.auth.PasswordHasher;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints a SCRAM-SHA-256 verifier for an identity's {@code scram_sha_256} key. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Print a SCRAM-SHA-256 verifier (PostgreSQL's pg_authid format) for the policy file.")
final class HashPasswordCommand implements Callable<Integer> {

    @Option(names = "--password", description = "The password; omit to read it from the terminal or stdin.")
    private String password;

    @Override
    public Integer call() throws Exception {
        String secret = password != null ? password : readPassword();
        if (secret == null || secret.isEmpty()) {
            System.err.println("hash-password: no password given");
            return 2;
        }
        System.out.println(PasswordHasher.hashPassword(secret));
        return 0;
    }

    private static String readPassword() throws Exception {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            return typed == null ? null : new String(typed);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
