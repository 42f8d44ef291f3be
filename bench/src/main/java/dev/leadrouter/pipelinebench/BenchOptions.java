package dev.leadrouter.pipelinebench;

import dev.leadrouter.local.LocalStackOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What {@code bench} runs. By default two phases: 50 leads/s for 20 s (latency) and 300 leads/s offered
 * for 10 s (throughput); any of --leads, --rate, --concurrency makes it one phase with those values.
 */
record BenchOptions(List<PipelineBench.Phase> phases, int warmUpLeads, int oneByOneLeads, int floorLeads, int pollers, boolean coldStart,
                    Path benchmarksFile, Path functionsDir, Path eventsDir, String dynamoDbEndpoint,
                    int handOffLeads) {

    /** The command line as picocli reads it; {@link #parse} turns it into the phases to run. */
    @Command(name = "java -jar bench/target/lead-router-bench.jar", usageHelpAutoWidth = true, description = {
            "Starts the local stack with a generated org on free ports, posts leads over HTTP and measures "
                    + "speed-to-lead, throughput and correctness, the DynamoDB/SQS floor, and each function's cold start.",
            "Exit status: 0, 1 when a correctness counter is not zero, 2 for bad options.",
            "The GET /leads benchmark over a large table: list [options] (see list --help)."})
    static final class CommandLineOptions {
        @Option(names = "--leads", paramLabel = "N",
                description = "leads of a single phase (default: two phases, 1000 at 50/s and 3000 at 300/s)")
        Integer leads;
        @Option(names = "--rate", paramLabel = "R", description = "leads per second offered in that phase (default 50)")
        Integer rate;
        @Option(names = "--concurrency", paramLabel = "C", description = "most requests in flight at once (default 64)")
        Integer concurrency;
        @Option(names = "--warm-up", paramLabel = "N", description = "leads posted first and not measured (default 300)")
        int warmUp = 300;
        @Option(names = "--pollers", paramLabel = "N",
                description = "SQS pollers per consumed queue, as the local stack's option (default 8)")
        int pollers = 8;
        @Option(names = "--output", paramLabel = "FILE", description = "Markdown file whose \"## Pipeline\", "
                + "\"## Cold start\" and \"## Hand-off\" sections are written (default BENCHMARKS.md; \"-\" writes nothing)")
        String output = "BENCHMARKS.md";
        @Option(names = "--functions-dir", paramLabel = "DIR", description = "where the function modules are built (default functions)")
        Path functionsDir = Path.of("functions");
        @Option(names = "--events-dir", paramLabel = "DIR", description = "the sample events (default events)")
        Path eventsDir = Path.of("events");
        @Option(names = "--no-cold-start", description = "skip the cold start measurements")
        boolean noColdStart;
        @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "measure against this DynamoDB "
                + "endpoint instead of the embedded emulator (e.g. to compare another emulator on the same machine)")
        String dynamoDbEndpoint;
        @Option(names = "--hand-off-leads", paramLabel = "N",
                description = "leads of the speed-to-notification part, at 20/s (default 400; 0 skips it)")
        int handOffLeads = 400;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;
    }

    static CommandLine commandLine() {
        return new CommandLine(new CommandLineOptions());
    }

    static BenchOptions parse(String[] args) {
        CommandLine commandLine = commandLine();
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return of(commandLine.getCommand());
    }

    private static BenchOptions of(CommandLineOptions options) {
        Integer leads = atLeast("--leads", options.leads, 1);
        Integer rate = atLeast("--rate", options.rate, 1);
        Integer concurrency = atLeast("--concurrency", options.concurrency, 1);
        int warmUp = atLeast("--warm-up", options.warmUp, 0);
        int pollers = atLeast("--pollers", options.pollers, 1);
        int handOff = atLeast("--hand-off-leads", options.handOffLeads, 0);
        String dynamoDbEndpoint = options.dynamoDbEndpoint == null ? null
                : LocalStackOptions.parse(new String[] {"--dynamodb-endpoint", options.dynamoDbEndpoint}, Map.of())
                        .dynamoDbEndpoint();
        List<PipelineBench.Phase> phases = leads == null && rate == null && concurrency == null
                ? List.of(new PipelineBench.Phase("latency", 1000, 50, 64),
                          new PipelineBench.Phase("throughput", 3000, 300, 128))
                : List.of(new PipelineBench.Phase("custom", leads == null ? 1000 : leads, rate == null ? 50 : rate,
                          concurrency == null ? 64 : concurrency));
        int oneByOne = leads == null ? 30 : Math.min(30, leads);
        int floor = leads == null ? 200 : Math.min(200, leads);
        Path output = options.output.equals("-") ? null : Path.of(options.output);
        return new BenchOptions(phases, Math.min(warmUp, leads == null ? warmUp : leads), oneByOne, floor, pollers,
                !options.noColdStart, output, options.functionsDir, options.eventsDir, dynamoDbEndpoint, handOff);
    }

    private static Integer atLeast(String name, Integer value, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(name + " must be a whole number of at least " + min + ", not " + value);
        }
        return value;
    }

    int totalLeads() {
        return warmUpLeads + oneByOneLeads * 2 + handOffLeads + phases.stream().mapToInt(PipelineBench.Phase::leads).sum();
    }
}
