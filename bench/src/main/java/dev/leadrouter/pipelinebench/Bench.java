package dev.leadrouter.pipelinebench;

import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.LambdaFunction;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.local.LocalStackOptions;
import dev.leadrouter.local.SqsEventSource;
import dev.leadrouter.log.Log;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bench}: the whole pipeline measured on this machine — speed-to-lead and throughput over HTTP
 * with a generated org, the DynamoDB/SQS floor, each function's cold start — printed and written to
 * the benchmarks file. The targets are those of the project; missing one is reported, not failed.
 */
public final class Bench {
    static final double TARGET_THROUGHPUT = 100;
    static final double TARGET_P99_MILLIS = 500;
    static final double TARGET_ORG_SIZE_RATIO = 1.2;
    static final long TARGET_BIG_TEAM_ITEM_BYTES = 64 * 1024;
    static final double TARGET_FLOOR_RATIO = 2;
    static final double TARGET_COLD_START_MILLIS = 1500;
    static final long TARGET_JAR_BYTES = 10L * 1024 * 1024;
    /** The rate speed-to-notification is measured at (issue target: p99 within 1 s at 20 leads/s). */
    static final double HAND_OFF_RATE = 20;
    private static final int FLOOR_WARM_UP = 20;
    private static final int FLOOR_WORKERS = 8;

    /**
     * Everything one run measured; a part that did not run is null (or empty). {@code checks} holds the
     * store checks after each part, by the part's name.
     */
    record Results(String command, String machine, List<PipelineBench.PhaseFigures> phases,
                   PipelineBench.PhaseFigures oneByOne, Map<String, PipelineBench.StoreChecks> checks,
                   Floor.Figures floor, List<ColdStart.Figures> coldStarts, HandOffBench.Figures handOff,
                   TargetScenarios.OrgSize orgSize, TargetScenarios.BigTeam bigTeam,
                   TargetScenarios.Duplicates duplicates, CostModel.Figures cost, CpuProfile.Figures profile,
                   Polling polling) {

        long failures() {
            long failures = 0;
            for (PipelineBench.StoreChecks check : checks.values()) {
                failures += check.capacityViolations();
            }
            failures += lastChecks().assignmentMessageMismatch();
            if (handOff != null) {
                failures += handOff.missing() + handOff.duplicates();
            }
            if (duplicates != null) {
                failures += duplicates.lost();
            }
            for (PipelineBench.PhaseFigures phase : allPhases()) {
                failures += phase.lost() + phase.assignedTwice() + phase.notAccepted();
            }
            return failures;
        }

        PipelineBench.StoreChecks lastChecks() {
            return checks.values().stream().reduce((a, b) -> b).orElseThrow();
        }

        /** Every open-loop phase of the run, the target scenarios' included. */
        List<PipelineBench.PhaseFigures> allPhases() {
            List<PipelineBench.PhaseFigures> all = new ArrayList<>();
            if (oneByOne != null) {
                all.add(oneByOne);
            }
            all.addAll(phases);
            all.addAll(TargetScenarios.phasesOf(orgSize, bigTeam));
            return all;
        }

        double floorRatio() {
            return oneByOne.speedToLead().median() / floor.perLead().median();
        }

        PipelineBench.PhaseFigures phase(String name) {
            return phases.stream().filter(p -> p.phase().name().equals(name)).findFirst().orElse(null);
        }
    }

    /** The event sources' SQS requests during one phase of {@code leads} leads, by queue. */
    record Polling(String phase, int leads, Map<String, SqsEventSource.Polls> byQueue) {
        long requests() {
            return byQueue.values().stream().mapToLong(SqsEventSource.Polls::requests).sum();
        }
    }

    private Bench() {
    }

    /** {@code list ...} runs {@link ListBench}; anything else is this benchmark's options. */
    public static void main(String[] args) {
        boolean list = args.length > 0 && args[0].equals("list");
        System.exit(list ? ListBench.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err)
                : run(args, System.out, System.err));
    }

    /** Runs the benchmark of {@code args}; returns 0, 1 when a correctness counter is not zero, 2 for bad options. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            BenchOptions.commandLine().usage(out);
            return 0;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            BenchOptions.commandLine().usage(err);
            return 2;
        }
        Results results = measure(options, out);
        String report = Report.text(results);
        out.print(report);
        if (options.benchmarksFile() != null) {
            write(options.benchmarksFile(), results);
            out.println("written to " + options.benchmarksFile());
        }
        return results.failures() == 0 ? 0 : 1;
    }

    /** Starts a stack, runs every part of the benchmark against it, stops it. */
    static Results measure(BenchOptions options, PrintStream progress) {
        // The functions log a line per step; the benchmark keeps that work but not the output.
        Log.redirect(new PrintStream(java.io.OutputStream.nullOutputStream()));
        CallCounter calls = new CallCounter();
        try (LocalStack stack = LocalStack.start(new LocalStackOptions().port(0).dynamoDbPort(0).sqsPort(0).seed(false)
                .dynamoDbEndpoint(options.dynamoDbEndpoint()).pollers(options.pollers())
                .rulesCacheSeconds(options.rulesCacheSeconds())
                .handlerClients(overrides -> overrides.addExecutionInterceptor(calls)))) {
            BenchOrg org = new BenchOrg(options.totalLeads() + 100, UUID.randomUUID().toString().substring(0, 8));
            org.seed(stack.dynamoDb(), stack.config());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            PipelineBench pipeline = new PipelineBench(stack, org, new LoadDriver(http, stack.apiUrl()));
            Map<String, PipelineBench.StoreChecks> checks = new LinkedHashMap<>();
            if (options.warmUpLeads() > 0) {
                progress.printf("warm-up: %d leads at 100/s (not measured)%n", options.warmUpLeads());
                pipeline.run(new PipelineBench.Phase("warm-up", options.warmUpLeads(), 100, 64));
                checks.put("warm-up", pipeline.storeChecks());
            }
            PipelineBench.PhaseFigures oneByOne = null;
            if (options.oneByOneLeads() > 0) {
                progress.printf("one by one: %d leads, each posted once the previous one is assigned%n", options.oneByOneLeads());
                oneByOne = pipeline.runOneByOne(options.oneByOneLeads());
                checks.put("one by one", pipeline.storeChecks());
            }
            List<PipelineBench.PhaseFigures> phases = new ArrayList<>();
            CostModel.Figures cost = null;
            CpuProfile.Figures profile = null;
            Polling polling = null;
            for (PipelineBench.Phase phase : options.phases()) {
                progress.printf("%s: %d leads at %.0f/s, at most %d in flight%n", phase.name(), phase.leads(),
                        phase.rate(), phase.concurrency());
                Meter meter = new Meter(calls, stack);
                boolean profiled = options.profileFile() != null && phase.name().equals(BenchOptions.THROUGHPUT);
                CpuProfile recording = profiled ? CpuProfile.start(options.profileFile()) : null;
                phases.add(pipeline.run(phase));
                if (recording != null) {
                    profile = recording.stop(phase.leads());
                    recording.close();
                }
                if (polling == null || phase.name().equals(BenchOptions.THROUGHPUT)) {
                    polling = meter.polling(phase.name(), phase.leads());
                }
                if (cost == null) {
                    cost = meter.cost(phase.name(), phase.leads(), options.template());
                }
                checks.put(phase.name(), pipeline.storeChecks());
            }
            TargetScenarios scenarios = new TargetScenarios(stack, org, pipeline, http);
            TargetScenarios.OrgSize orgSize = null;
            if (options.orgSizeLeads() > 0) {
                progress.printf("org size: %d leads at %.0f/s with %d reps, again with %d reps%n", options.orgSizeLeads(),
                        TargetScenarios.ORG_SIZE_RATE, org.reps().size(), TargetScenarios.LARGE_ORG_REPS);
                // The cost model's leads: at 5/s nothing queues, so the functions' durations are their own.
                Meter meter = new Meter(calls, stack);
                PipelineBench.PhaseFigures small = scenarios.orgSizeSmall(options.orgSizeLeads());
                cost = meter.cost(small.phase().name() + " (5 leads/s)", options.orgSizeLeads(), options.template());
                orgSize = scenarios.orgSize(small, options.orgSizeLeads());
                checks.put("org size", pipeline.storeChecks());
            }
            TargetScenarios.BigTeam bigTeam = null;
            if (options.bigTeamLeads() > 0) {
                progress.printf("big team: %d leads routed to a team of %d reps%n", options.bigTeamLeads(),
                        TargetScenarios.BIG_TEAM_REPS);
                bigTeam = scenarios.bigTeam(options.bigTeamLeads());
                checks.put("big team", pipeline.storeChecks());
            }
            TargetScenarios.Duplicates duplicates = null;
            if (options.duplicates() > 0) {
                progress.printf("duplicates: one lead, then %d duplicate posts of %d bytes%n", options.duplicates(),
                        TargetScenarios.DUPLICATE_BYTES);
                duplicates = scenarios.duplicates(options.duplicates());
                checks.put("duplicates", pipeline.storeChecks());
            }
            HandOffBench.Figures handOff = null;
            if (options.handOffLeads() > 0) {
                progress.printf("hand-off: %d leads at %.0f/s, each rep told on Slack and the webhook%n",
                        options.handOffLeads(), HAND_OFF_RATE);
                handOff = new HandOffBench(stack, org, new LoadDriver(http, stack.apiUrl()))
                        .measure(options.handOffLeads(), HAND_OFF_RATE);
            }
            if (checks.isEmpty()) {
                checks.put("end", pipeline.storeChecks());
            }
            Floor.Figures floor = null;
            if (options.floorLeads() > 0) {
                progress.printf("floor: %d leads of bare DynamoDB and SQS calls%n", options.floorLeads());
                floor = new Floor(stack, org.reps(), pipeline.assignedLeadItem(), sampleAssignmentMessage())
                        .measure(FLOOR_WARM_UP, options.floorLeads(), FLOOR_WORKERS);
            }
            List<ColdStart.Figures> coldStarts = List.of();
            if (options.coldStart()) {
                progress.println("cold start: 5 fresh JVMs per function");
                coldStarts = new ColdStart(stack, options.functionsDir(), options.eventsDir()).measureAll();
            }
            return new Results(options.typed(), machine(), phases, oneByOne, checks, floor, coldStarts, handOff,
                    orgSize, bigTeam, duplicates, cost, profile, polling);
        } finally {
            Log.redirect(System.out);
        }
    }

    /** What the handlers called, the functions were billed and the event sources polled from now on. */
    private record Meter(CallCounter calls, LocalStack stack, Map<String, CallCounter.Tally> callsBefore,
                         Map<String, LambdaFunction.Usage> usageBefore, Map<String, SqsEventSource.Polls> pollsBefore) {
        Meter(CallCounter calls, LocalStack stack) {
            this(calls, stack, calls.snapshot(), stack.functionUsage(), stack.eventSourcePolls());
        }

        CostModel.Figures cost(String phase, int leads, Path template) {
            return new CostModel.Figures(phase, leads, CallCounter.difference(calls.snapshot(), callsBefore),
                    usageDifference(stack.functionUsage(), usageBefore), CostModel.templateMemoryMb(template));
        }

        Polling polling(String phase, int leads) {
            return new Polling(phase, leads, pollsDifference(stack.eventSourcePolls(), pollsBefore));
        }
    }

    private static Map<String, SqsEventSource.Polls> pollsDifference(Map<String, SqsEventSource.Polls> after,
                                                                    Map<String, SqsEventSource.Polls> before) {
        Map<String, SqsEventSource.Polls> difference = new LinkedHashMap<>();
        after.forEach((queue, a) -> {
            SqsEventSource.Polls b = before.getOrDefault(queue, new SqsEventSource.Polls(0, 0, 0, 0));
            difference.put(queue, new SqsEventSource.Polls(a.receives() - b.receives(),
                    a.emptyReceives() - b.emptyReceives(), a.messages() - b.messages(),
                    a.batchRequests() - b.batchRequests()));
        });
        return difference;
    }

    private static Map<String, LambdaFunction.Usage> usageDifference(Map<String, LambdaFunction.Usage> after,
                                                                    Map<String, LambdaFunction.Usage> before) {
        Map<String, LambdaFunction.Usage> difference = new LinkedHashMap<>();
        after.forEach((id, a) -> {
            LambdaFunction.Usage b = before.getOrDefault(id, new LambdaFunction.Usage(0, 0));
            difference.put(id, new LambdaFunction.Usage(a.invocations() - b.invocations(), a.billedMillis() - b.billedMillis()));
        });
        return difference;
    }

    /** An assignments message of the shape and size of CONTRACT.md, "6. Output". */
    private static String sampleAssignmentMessage() {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("email", "lead@company1.example.com");
        lead.put("company", "Company 1");
        lead.put("grade", "HOT");
        lead.put("score", 80);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("leadId", UUID.randomUUID().toString());
        message.put("repId", "bench-dach-1");
        message.put("repEmail", "bench-dach-1@reps.example.com");
        message.put("team", "bench-dach");
        message.put("ruleId", "bench-dach");
        message.put("strategy", "ROUND_ROBIN");
        message.put("assignedAt", "2026-11-23T10:00:00.123Z");
        message.put("reassignment", false);
        message.put("lead", lead);
        return Json.write(message);
    }

    private static void write(Path file, Results results) {
        try {
            String document = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
            document = MarkdownSections.put(document, "## Targets", Report.targetsSection(results));
            if (!results.phases().isEmpty() || results.oneByOne() != null) {
                document = MarkdownSections.put(document, "## Pipeline", Report.pipelineSection(results));
            }
            if (results.cost() != null) {
                document = MarkdownSections.put(document, "## Cost model",
                        CostModel.section(results.cost(), Report.runLine(results)));
            }
            if (results.profile() != null) {
                document = MarkdownSections.put(document, "## Pipeline profile", Report.profileSection(results));
            }
            if (!results.coldStarts().isEmpty()) {
                document = MarkdownSections.put(document, "## Cold start", Report.coldStartSection(results));
            }
            if (results.handOff() != null) {
                document = MarkdownSections.put(document, "## Hand-off", HandOffBench.section(results.handOff()));
            }
            Files.writeString(file, document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * "date time on 2 CPUs (model), 23.4 GiB memory, JVM, load average": where and when the figures were
     * measured, and how busy the machine was at the end.
     */
    static String machine() {
        String cpu = "unknown CPU";
        String memory = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format(Locale.ROOT, ", %.1f GiB memory",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("");
        } catch (IOException | RuntimeException notLinux) {
            // the JVM's view below is still given
        }
        return String.format(Locale.ROOT, "%s UTC on %d CPUs (%s)%s, %s %s, load average %.1f",
                LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString().replace('T', ' '),
                Runtime.getRuntime().availableProcessors(), cpu, memory,
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static String outcomes(Map<LeadStatus, Integer> outcomes) {
        return String.join(", ", outcomes.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)).toList());
    }
}
