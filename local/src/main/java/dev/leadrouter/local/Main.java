package dev.leadrouter.local;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Command line of the local stack. The ops CLI and the benchmark are programs of their own (modules cli and bench). */
public final class Main {
    static final String USAGE = """
            Usage: java -jar lead-router-local.jar [options]
              Runs Lead Router on this machine: Dynoxide (DynamoDB), ElasticMQ (SQS), the functions and the HTTP API.
            The ops CLI (rules, reps, simulate): java -jar cli/target/lead-router-cli.jar --help
            The benchmarks: java -jar bench/target/lead-router-bench.jar --help (GET /leads: ... list --help)

            Options:
            """ + LocalStackOptions.USAGE;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int exitCode = run(args, System.out, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Runs the command of {@code args} and returns its exit code (the stack returns once it is stopped). */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length > 0 && !args[0].startsWith("-")) {
            err.println("unknown command: " + args[0]);
            err.print(USAGE);
            return 2;
        }
        return runStack(args, out, err);
    }

    private static int runStack(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (RuntimeException e) {
            err.println("error: the local stack did not start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "shutdown"));
        stack.endpointLines().forEach(out::println);
        out.flush();
        stack.awaitClose();
        return 0;
    }
}
