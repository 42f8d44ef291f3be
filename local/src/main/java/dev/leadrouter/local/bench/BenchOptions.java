package dev.leadrouter.local.bench;

import dev.leadrouter.local.LocalStackOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code bench} runs. By default two phases: 50 leads/s for 20 s (latency) and 300 leads/s offered
 * for 10 s (throughput); any of --leads, --rate, --concurrency makes it one phase with those values.
 */
record BenchOptions(List<PipelineBench.Phase> phases, int warmUpLeads, int oneByOneLeads, int floorLeads, int pollers, boolean coldStart,
                    Path benchmarksFile, Path functionsDir, Path eventsDir, String dynamoDbEndpoint,
                    int handOffLeads) {

    static final String USAGE = """
            Usage: java -jar lead-router-local.jar bench [options]
              Starts the local stack with a generated org on free ports, posts leads over HTTP and measures
              speed-to-lead, throughput and correctness, the DynamoDB/SQS floor, and each function's cold start.

            Options:
              --leads N            leads of a single phase (default: two phases, 1000 at 50/s and 3000 at 300/s)
              --rate R             leads per second offered in that phase (default 50)
              --concurrency C      most requests in flight at once (default 64)
              --warm-up N          leads posted first and not measured (default 300)
              --pollers N          SQS pollers per consumed queue, as the local stack's option (default 8)
              --output FILE        Markdown file whose "## Pipeline" and "## Cold start" sections are written
                                   (default BENCHMARKS.md; "-" writes nothing)
              --functions-dir DIR  where the function modules are built (default functions)
              --events-dir DIR     the sample events (default events)
              --no-cold-start      skip the cold start measurements
              --dynamodb-endpoint URL  measure against this DynamoDB endpoint instead of the embedded emulator
                                   (e.g. to compare another emulator on the same machine)
              --hand-off-leads N   leads of the speed-to-notification part, at 20/s (default 400; 0 skips it)
            """;

    static BenchOptions parse(String[] args) {
        Integer leads = null;
        Double rate = null;
        Integer concurrency = null;
        int warmUp = 300;
        int pollers = 8;
        boolean coldStart = true;
        Path output = Path.of("BENCHMARKS.md");
        Path functions = Path.of("functions");
        Path events = Path.of("events");
        String dynamoDbEndpoint = null;
        int handOff = 400;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--no-cold-start")) {
                coldStart = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--leads" -> leads = number(name, value, 1);
                case "--rate" -> rate = (double) number(name, value, 1);
                case "--concurrency" -> concurrency = number(name, value, 1);
                case "--warm-up" -> warmUp = number(name, value, 0);
                case "--pollers" -> pollers = number(name, value, 1);
                case "--output" -> output = value.equals("-") ? null : Path.of(value);
                case "--functions-dir" -> functions = Path.of(value);
                case "--events-dir" -> events = Path.of(value);
                case "--dynamodb-endpoint" -> dynamoDbEndpoint = LocalStackOptions.parse(new String[] {name, value}, Map.of())
                        .dynamoDbEndpoint();
                case "--hand-off-leads" -> handOff = number(name, value, 0);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        List<PipelineBench.Phase> phases = leads == null && rate == null && concurrency == null
                ? List.of(new PipelineBench.Phase("latency", 1000, 50, 64),
                          new PipelineBench.Phase("throughput", 3000, 300, 128))
                : List.of(new PipelineBench.Phase("custom", leads == null ? 1000 : leads, rate == null ? 50 : rate,
                          concurrency == null ? 64 : concurrency));
        int oneByOne = leads == null ? 30 : Math.min(30, leads);
        int floor = leads == null ? 200 : Math.min(200, leads);
        return new BenchOptions(phases, Math.min(warmUp, leads == null ? warmUp : leads), oneByOne, floor, pollers, coldStart,
                output, functions, events, dynamoDbEndpoint, handOff);
    }

    private static int number(String name, String value, int min) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + min + ", not " + value);
    }

    int totalLeads() {
        return warmUpLeads + oneByOneLeads * 2 + handOffLeads + phases.stream().mapToInt(PipelineBench.Phase::leads).sum();
    }
}
