package dev.leadrouter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link RuleEngineBenchmark} briefly (1 fork, 3 x 1 s warm-up, 5 x 1 s measured), prints the
 * figures and writes them as the "## Rule engine" section of BENCHMARKS.md (argument: its path,
 * default ./BENCHMARKS.md), replacing that section if it is there and keeping the rest of the file.
 */
public final class RuleEngineReport {
    static final String HEADING = "## Rule engine";

    private RuleEngineReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path markdown = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        Options options = new OptionsBuilder()
                .include(RuleEngineBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Figures ours = figures(results, "compiledRuleSet");
        Figures jsonLogic = figures(results, "jsonLogicJava");
        String section = section(ours, jsonLogic, LocalDate.now(ZoneOffset.UTC), cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        System.out.println(section);
        String existing = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n";
        Files.writeString(markdown, replaceSection(existing, section), StandardCharsets.UTF_8);
        System.out.println("written to " + markdown.toAbsolutePath().normalize().getFileName());
    }

    /** JMH's mean with its error, and the median of the measured iterations. */
    record Figures(double mean, double error, double median) {
    }

    private static Figures figures(Collection<RunResult> results, String method) {
        RunResult run = results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
                .findFirst().orElseThrow(() -> new IllegalStateException("no result for " + method));
        double[] iterations = run.getBenchmarkResults().stream()
                .flatMap(benchmark -> benchmark.getIterationResults().stream())
                .mapToDouble(iteration -> iteration.getPrimaryResult().getScore())
                .sorted().toArray();
        Result<?> primary = run.getPrimaryResult();
        return new Figures(primary.getScore(), primary.getScoreError(), median(iterations));
    }

    static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static String section(Figures ours, Figures jsonLogic, LocalDate date, String cpu, int cpus, String jdk) {
        int rules = RuleEngineBenchmark.RULES;
        return String.join("\n", List.of(
                HEADING,
                "",
                "One lead against " + String.format(Locale.ROOT, "%,d", rules) + " realistic rules (1 to 3 conditions each, ALL or ANY,"
                        + " every operator: eq, ne, in, not_in, gt, gte, lt, lte, between, contains, starts_with, ends_with,"
                        + " exists, not_exists, matches). One operation evaluates all " + String.format(Locale.ROOT, "%,d", rules)
                        + " rules. Our compiled `RuleSet` is compared with json-logic-java evaluating the same conditions written"
                        + " as JSON Logic, parsed once beforehand (regexes added as a custom operation with cached patterns);"
                        + " both find the same matches. JMH, average time, 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement"
                        + " (`java -cp benchmarks/target/benchmarks.jar dev.leadrouter.bench.RuleEngineReport`).",
                "",
                "| engine | median ns per lead (all rules) | mean ± error ns per lead | median ns per rule |",
                "|---|---:|---:|---:|",
                row("compiled RuleSet", ours, rules),
                row("json-logic-java", jsonLogic, rules),
                "",
                String.format(Locale.ROOT, "json-logic-java takes **%.1fx** the time of the compiled rule set (medians).",
                        jsonLogic.median() / ours.median()),
                "The median of the measured iterations is given first because the machine is shared: an iteration"
                        + " that ran alongside other work shows up in the mean and its error, not in the median.",
                "",
                "Measured " + date + " on " + cpus + " CPUs (" + cpu + "), " + jdk + ".",
                ""));
    }

    private static String row(String engine, Figures figures, int rules) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f ± %,.0f | %,.1f |", engine, figures.median(),
                figures.mean(), figures.error(), figures.median() / rules);
    }

    /** The text with its "## Rule engine" section (up to the next "## " heading) replaced, or the section appended. */
    static String replaceSection(String markdown, String section) {
        List<String> lines = markdown.lines().toList();
        int start = lines.indexOf(HEADING);
        if (start < 0) {
            String base = markdown.stripTrailing();
            return (base.isEmpty() ? "" : base + "\n\n") + section;
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        StringBuilder result = new StringBuilder();
        lines.subList(0, start).forEach(line -> result.append(line).append('\n'));
        result.append(section);
        if (end < lines.size()) {
            result.append('\n');
            lines.subList(end, lines.size()).forEach(line -> result.append(line).append('\n'));
        }
        return result.toString();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
