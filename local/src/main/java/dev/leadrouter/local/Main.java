package dev.leadrouter.local;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Command line of the local distribution: runs the local stack, or one of the tool commands. */
public final class Main {
    static final String USAGE = """
            Usage: java -jar lead-router-local.jar [options]
              Runs Lead Router on this machine: Dynoxide (DynamoDB), ElasticMQ (SQS), the functions and the HTTP API.
            Other commands: rules, reps, simulate (ops CLI); bench (benchmarks, see bench --help);
              bench-list (GET /leads over a large table, see bench-list --help).

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
        String command = args.length == 0 || args[0].startsWith("-") ? "" : args[0];
        return switch (command) {
            case "" -> runStack(args, out, err);
            case "rules", "reps", "simulate" -> dev.leadrouter.local.cli.OpsCli.runProcess(args, out, err);
            case "bench" -> dev.leadrouter.local.bench.Bench.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            case "bench-list" -> dev.leadrouter.local.bench.ListBench.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            default -> {
                err.println("unknown command: " + command);
                err.print(USAGE);
                yield 2;
            }
        };
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
