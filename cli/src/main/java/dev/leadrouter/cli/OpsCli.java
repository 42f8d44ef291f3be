package dev.leadrouter.cli;

import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.log.Log;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The ops CLI: check, import and export rules and reps, and simulate routing, against the local
 * stack or an AWS account. Exit status 0 on success, 1 when a check or a call failed, 2 for a bad
 * command line.
 */
public final class OpsCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar cli/target/lead-router-cli.jar <command> [options]

            commands:
              rules validate [FILE] check a JSON array of rule items, or without FILE the live rules table;
                                    lists every problem, then every warning
              rules import FILE     check FILE, then add or replace its rules (nothing is written if any is invalid)
              rules export          print every rule as a JSON array, sorted by ruleId
              reps validate [FILE]  check a JSON array of rep items, or without FILE the live reps and
                                    accounts tables; lists every item that cannot be used
              reps import FILE      check FILE, then add or replace its reps; openLeads of existing reps is kept
              reps export           print every rep as a JSON array, sorted by repId
              simulate FILE         show what would happen now to the lead in FILE (a POST /leads body); writes nothing

            options:
              --endpoint URL        DynamoDB endpoint, e.g. http://localhost:8000 for the local stack
                                    (default: the AWS endpoint of the region)
              --region REGION       default: AWS_REGION, else us-east-1
              --table-prefix P      tables are P + leads, reps, rules, accounts (default: lead-router-;
                                    in AWS, the stack name followed by '-')
              -h, --help            show this help (also: help)
            Options may come before or after the command's words.

            Credentials come from the AWS default chain (environment, profile, SSO, instance role, ...);
            against a localhost endpoint any keys work, and dummy ones are used when none are found.""";

    private OpsCli() {
    }

    public static void main(String[] args) {
        System.exit(runProcess(args, System.out, System.err));
    }

    /**
     * The command line as a process of its own: the pipeline's log lines go to {@code err}, so that
     * {@code out} carries only the command's output (JSON that can be piped or saved).
     */
    public static int runProcess(String[] args, PrintStream out, PrintStream err) {
        Log.redirect(err);
        return run(List.of(args), System.getenv(), out, err);
    }

    public static int run(List<String> argv, Map<String, String> env, PrintStream out, PrintStream err) {
        CliArguments args;
        try {
            args = CliArguments.parse(argv, env);
        } catch (CliArguments.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("run with --help for usage");
            return USAGE;
        }
        if (args.command().equals("help")) {
            out.println(USAGE_TEXT);
            return OK;
        }
        Connection dynamo = new Connection(args);
        try {
            new OpsCommands(args, dynamo::client, out).run();
            return OK;
        } catch (CommandFailed e) {
            err.println("error: " + e.getMessage());
            e.details().forEach(line -> err.println("  " + line));
            return FAILED;
        } catch (ResourceNotFoundException e) {
            err.println("error: " + e.awsErrorDetails().errorMessage() + " (tables are " + args.table("<name>")
                    + "; check --table-prefix, --endpoint and --region)");
            return FAILED;
        } catch (SdkClientException e) {
            err.println("error: " + e.getMessage() + (args.endpoint() == null ? "" : " (endpoint " + args.endpoint() + ")"));
            return FAILED;
        } catch (SdkException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        } finally {
            dynamo.close();
        }
    }

    /** The DynamoDB client, made on first use: checking a file needs no AWS setup, and is done before any is made. */
    private static final class Connection {
        private final CliArguments args;
        private DynamoDbClient client;

        Connection(CliArguments args) {
            this.args = args;
        }

        DynamoDbClient client() throws CommandFailed {
            if (client == null) {
                Map<String, String> env = new HashMap<>();
                env.put("AWS_REGION", args.region());
                if (args.endpoint() != null) {
                    env.put("DYNAMODB_ENDPOINT", args.endpoint().toString());
                }
                client = AwsClients.dynamoDb(env, credentials(args));
            }
            return client;
        }

        void close() {
            if (client != null) {
                client.close();
            }
        }
    }

    /** The default chain; for a localhost endpoint, dummy keys when the chain finds none. */
    static AwsCredentialsProvider credentials(CliArguments args) throws CommandFailed {
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            chain.resolveCredentials();
            return chain;
        } catch (SdkClientException none) {
            if (args.localEndpoint()) {
                return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            }
            throw new CommandFailed("no AWS credentials found", List.of(
                    "set AWS_PROFILE (after aws configure or aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY;",
                    "for the local stack pass --endpoint http://localhost:8000"));
        }
    }
}
