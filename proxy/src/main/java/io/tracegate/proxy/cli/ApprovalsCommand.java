package io.tracegate.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.proxy.approval.ApprovalJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tracegate approvals list|show|approve|reject}: a reviewer's tools against a running
 * gateway's admin API. Exit status 0 on success, 1 when the gateway refused or could not be
 * reached, 2 for a usage error.
 */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = "List, show, approve or reject held transactions on a running gateway.",
        subcommands = {
            ApprovalsCommand.ListCommand.class,
            ApprovalsCommand.ShowCommand.class,
            ApprovalsCommand.ApproveCommand.class,
            ApprovalsCommand.RejectCommand.class
        })
final class ApprovalsCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the gateway is and who is asking; the token may come from the environment to keep it out of `ps`. */
    static final class Connection {
        @Option(names = "--admin", paramLabel = "URL", defaultValue = "${env:TRACEGATE_ADMIN_URL:-http://127.0.0.1:9187}",
                description = "The gateway's admin URL (default: ${DEFAULT-VALUE}; env TRACEGATE_ADMIN_URL).")
        URI admin;

        @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TRACEGATE_ADMIN_TOKEN}",
                description = "Your reviewer API token (or env TRACEGATE_ADMIN_TOKEN).")
        String token;
    }

    /** Runs one API call, printing errors the same way for every subcommand. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Connection connection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final Integer call() throws InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            if (connection.token == null || connection.token.isBlank()) {
                err.println("approvals: no token: pass --token or set TRACEGATE_ADMIN_TOKEN");
                return 2;
            }
            ApprovalsClient client = new ApprovalsClient(connection.admin, connection.token);
            try {
                return run(client, spec.commandLine().getOut());
            } catch (ApprovalsClient.ApiException e) {
                err.println("approvals: " + e.getMessage() + " (HTTP " + e.status() + ")");
                return 1;
            } catch (ConnectException | HttpTimeoutException e) {
                err.println("approvals: cannot reach the gateway at " + connection.admin + ": " + e);
                return 1;
            } catch (IOException e) {
                err.println("approvals: " + e.getMessage());
                return 1;
            } finally {
                spec.commandLine().getOut().flush();
                err.flush();
            }
        }

        abstract int run(ApprovalsClient client, PrintWriter out)
                throws IOException, InterruptedException, ApprovalsClient.ApiException;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List pending requests.")
    static final class ListCommand extends Base {
        @Option(names = "--json", description = "Print the API's JSON instead of a table.")
        boolean json;

        @Override
        int run(ApprovalsClient client, PrintWriter out) throws IOException, InterruptedException,
                ApprovalsClient.ApiException {
            JsonNode answer = client.pending();
            if (json) {
                out.println(ApprovalJson.write(answer));
            } else {
                ApprovalsFormat.table(answer.path("approvals"), out);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one request: masked statement, parameters, decision.")
    static final class ShowCommand extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "The approval id.")
        String id;

        @Option(names = "--json", description = "Print the API's JSON.")
        boolean json;

        @Override
        int run(ApprovalsClient client, PrintWriter out) throws IOException, InterruptedException,
                ApprovalsClient.ApiException {
            JsonNode answer = client.show(id);
            if (json) {
                out.println(ApprovalJson.write(answer));
            } else {
                ApprovalsFormat.details(answer.path("approval"), out);
            }
            return 0;
        }
    }

    /** approve and reject differ only in the verb. */
    abstract static class Decide extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "The approval id.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why; shown to the agent on rejection and kept in the audit log.")
        String reason;

        abstract boolean approve();

        @Override
        int run(ApprovalsClient client, PrintWriter out) throws IOException, InterruptedException,
                ApprovalsClient.ApiException {
            JsonNode answer = client.decide(id, approve(), reason);
            JsonNode approval = answer.path("approval");
            out.println(approval.path("status").asText().toLowerCase(java.util.Locale.ROOT) + " " + id
                    + " (" + approval.path("requester").asText() + ", rule " + approval.path("rule").asText() + ")");
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a pending request: its transaction proceeds.")
    static final class ApproveCommand extends Decide {
        @Override
        boolean approve() {
            return true;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending request: its transaction is rolled back.")
    static final class RejectCommand extends Decide {
        @Override
        boolean approve() {
            return false;
        }
    }
}
