package dev.leadrouter.pipelinebench;

import dev.leadrouter.local.LocalStackOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What {@code bench} runs. By default every part: after a warm-up, leads one at a time, a latency phase
 * (50 leads/s), a throughput phase (120 leads/s offered), the org-size, big-team and duplicates scenarios,
 * hand-off, the floor and cold starts; {@code --only} picks some of them. {@code --leads} sets the leads of
 * each phase; {@code --rate} or {@code --concurrency} make latency and throughput one custom phase.
 */
record BenchOptions(List<PipelineBench.Phase> phases, int warmUpLeads, int oneByOneLeads, int floorLeads, int pollers,
                    int rulesCacheSeconds, boolean coldStart, Path benchmarksFile, Path functionsDir, Path eventsDir,
                    String dynamoDbEndpoint, int handOffLeads, int orgSizeLeads, int bigTeamLeads, int duplicates,
                    Path profileFile, Path template, List<String> command) {

    /** The parts of a run, in the order they run. */
    static final List<String> PARTS = List.of("one-by-one", "latency", "throughput", "org-size", "big-team",
            "duplicates", "hand-off", "floor", "cold-start");
    static final String THROUGHPUT = "throughput";

    /** The command line as picocli reads it; {@link #parse} turns it into the phases to run. */
    @Command(name = "java -jar bench/target/lead-router-bench.jar", usageHelpAutoWidth = true, description = {
            "Starts the local stack with a generated org on free ports, posts leads over HTTP and measures "
                    + "speed-to-lead, throughput and correctness, the scale targets (org size, a big team, large "
                    + "duplicates), calls and cost per lead, the DynamoDB/SQS floor, and each function's cold start.",
            "Exit status: 0, 1 when a correctness counter is not zero, 2 for bad options.",
            "The GET /leads benchmark over a large table: list [options] (see list --help)."})
    static final class CommandLineOptions {
        @Option(names = "--only", paramLabel = "PART[,PART]", split = ",",
                description = "run only these parts: one-by-one, latency, throughput, org-size, big-team, duplicates, "
                        + "hand-off, floor, cold-start (default: all)")
        List<String> only;
        @Option(names = "--leads", paramLabel = "N", description = "leads of each phase (default: latency 1000, "
                + "throughput 3000, org-size 200 per org, big-team 50)")
        Integer leads;
        @Option(names = "--rate", paramLabel = "R",
                description = "one custom phase at R leads per second instead of latency and throughput")
        Integer rate;
        @Option(names = "--concurrency", paramLabel = "C", description = "most requests in flight at once (default 64; 128 for throughput)")
        Integer concurrency;
        // Long enough for the JIT to have compiled most of the hot paths: the compiler threads still took about
        // a third of the JVM's CPU in a throughput phase after 1,500 leads of warm-up (BENCHMARKS.md).
        @Option(names = "--warm-up", paramLabel = "N", description = "leads posted first at 100/s and not measured "
                + "(default 3000, at most the leads of a phase)")
        int warmUp = 3000;
        @Option(names = "--duplicates", paramLabel = "N", description = "duplicate posts of 30 KB each (default 150)")
        int duplicates = 150;
        // The stack as it starts by default: more pollers make smaller batches and more contention between
        // routers, which on 2 cores cost more CPU than they win in parallelism (BENCHMARKS.md).
        @Option(names = "--pollers", paramLabel = "N",
                description = "SQS pollers per consumed queue, as the local stack's option (default: the stack's, "
                        + LocalStackOptions.DEFAULT_POLLERS + ")")
        int pollers = LocalStackOptions.DEFAULT_POLLERS;
        // The parts that edit reps or settings wait one TTL for the stack to see them: a short one keeps a small
        // run short.
        @Option(names = "--rules-cache-seconds", paramLabel = "N",
                description = "how long the stack caches rules, reps and settings, as the local stack's option "
                        + "(default: the stack's, ${DEFAULT-VALUE})")
        int rulesCacheSeconds = new LocalStackOptions().rulesCacheSeconds();
        @Option(names = "--profile", paramLabel = "FILE", description = "record a JFR CPU profile of the throughput "
                + "phase into FILE and write the \"## Pipeline profile\" section")
        Path profile;
        @Option(names = "--output", paramLabel = "FILE", description = "Markdown file whose sections are written "
                + "(default BENCHMARKS.md; \"-\" writes nothing)")
        String output = "BENCHMARKS.md";
        @Option(names = "--functions-dir", paramLabel = "DIR", description = "where the function modules are built (default functions)")
        Path functionsDir = Path.of("functions");
        @Option(names = "--events-dir", paramLabel = "DIR", description = "the sample events (default events)")
        Path eventsDir = Path.of("events");
        @Option(names = "--template", paramLabel = "FILE", description = "the SAM template, for the functions' memory in the cost model (default template.yaml)")
        Path template = Path.of("template.yaml");
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
        return of(commandLine.getCommand(), List.of(args));
    }

    private static BenchOptions of(CommandLineOptions options, List<String> args) {
        Integer leads = atLeast("--leads", options.leads, 1);
        Integer rate = atLeast("--rate", options.rate, 1);
        Integer concurrency = atLeast("--concurrency", options.concurrency, 1);
        int warmUp = atLeast("--warm-up", options.warmUp, 0);
        int pollers = atLeast("--pollers", options.pollers, 1);
        int rulesCacheSeconds = atLeast("--rules-cache-seconds", options.rulesCacheSeconds, 0);
        int handOff = atLeast("--hand-off-leads", options.handOffLeads, 0);
        int duplicates = atLeast("--duplicates", options.duplicates, 1);
        Set<String> parts = new LinkedHashSet<>(options.only == null ? PARTS : options.only);
        for (String part : parts) {
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("--only: unknown part " + part + "; parts are " + String.join(", ", PARTS));
            }
        }
        if (options.noColdStart) {
            parts.remove("cold-start");
        }
        if (handOff == 0) {
            parts.remove("hand-off");
        }
        String dynamoDbEndpoint = options.dynamoDbEndpoint == null ? null
                : LocalStackOptions.parse(new String[] {"--dynamodb-endpoint", options.dynamoDbEndpoint}, Map.of())
                        .dynamoDbEndpoint();
        List<PipelineBench.Phase> phases = new ArrayList<>();
        if (rate != null || concurrency != null) {
            if (parts.contains("latency") || parts.contains(THROUGHPUT)) {
                phases.add(new PipelineBench.Phase(THROUGHPUT, leads == null ? 1000 : leads, rate == null ? 50 : rate,
                        concurrency == null ? 64 : concurrency));
            }
        } else {
            if (parts.contains("latency")) {
                phases.add(new PipelineBench.Phase("latency", leads == null ? 1000 : leads, 50, 64));
            }
            if (parts.contains(THROUGHPUT)) {
                phases.add(new PipelineBench.Phase(THROUGHPUT, leads == null ? 3000 : leads, 120, 128));
            }
        }
        int oneByOne = !parts.contains("one-by-one") && !parts.contains("floor") ? 0 : leads == null ? 30 : Math.min(30, leads);
        int floor = !parts.contains("floor") ? 0 : leads == null ? 200 : Math.min(200, leads);
        Path output = options.output.equals("-") ? null : Path.of(options.output);
        return new BenchOptions(phases, Math.min(warmUp, leads == null ? warmUp : leads), oneByOne, floor, pollers,
                rulesCacheSeconds, parts.contains("cold-start"), output, options.functionsDir, options.eventsDir,
                dynamoDbEndpoint,
                parts.contains("hand-off") ? handOff : 0,
                parts.contains("org-size") ? (leads == null ? 200 : leads) : 0,
                parts.contains("big-team") ? (leads == null ? 50 : Math.min(50, leads)) : 0,
                parts.contains("duplicates") ? duplicates : 0, options.profile, options.template, args);
    }

    private static Integer atLeast(String name, Integer value, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(name + " must be a whole number of at least " + min + ", not " + value);
        }
        return value;
    }

    int totalLeads() {
        return warmUpLeads + oneByOneLeads * 2 + handOffLeads + orgSizeLeads * 2 + bigTeamLeads + 1
                + phases.stream().mapToInt(PipelineBench.Phase::leads).sum();
    }

    /** The command line of this run, as it would be typed. */
    String typed() {
        return ("java -jar bench/target/lead-router-bench.jar " + String.join(" ", command)).strip();
    }
}
