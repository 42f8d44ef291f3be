package dev.leadrouter.pipelinebench;

import java.util.Locale;

/** The figures of a run as console text and as the Markdown sections of the benchmarks file. */
final class Report {
    private Report() {
    }

    static String text(Bench.Results r) {
        StringBuilder out = new StringBuilder();
        out.append("\nMeasured ").append(Bench.machine()).append('\n');
        out.append(phaseTable(r));
        out.append(f("%nfloor: %.2f ms per lead (median of %d; p90 %.2f ms); ours one by one %.2f ms = %.2fx the floor%n",
                r.floor().perLead().median(), r.floor().perLead().count(), r.floor().perLead().percentile(90),
                r.oneByOne().speedToLead().median(), r.floorRatio()));
        out.append(f("floor throughput: %.0f leads/s with %d leads at a time%n", r.floor().leadsPerSecond(),
                r.floor().workers()));
        out.append(correctness(r)).append('\n');
        if (!r.coldStarts().isEmpty()) {
            out.append(coldStartTable(r));
        }
        if (r.handOff() != null) {
            out.append(HandOffBench.text(r.handOff()));
        }
        out.append(targets(r));
        return out.toString();
    }

    static String pipelineSection(Bench.Results r) {
        StringBuilder md = new StringBuilder("## Pipeline\n\n");
        md.append("""
                `java -jar bench/target/lead-router-bench.jar` starts the local stack on free ports with a \
                generated org (5 teams of 10 reps: round robin, weighted, least loaded; no working hours; \
                capacities above the run's leads), posts unique leads over HTTP open loop at the offered rate, \
                waits until every lead has settled and reads the leads table. Speed-to-lead is the time from the \
                client sending the form to the lead's ASSIGNED history entry (client and stack share one clock); \
                "server" is ASSIGNED minus `receivedAt`. A warm-up of leads runs first and is not counted. \
                Pipeline log lines are built but discarded.

                """);
        md.append("| phase | leads | offered/s | sent/s | achieved/s | speed-to-lead p50 / p90 / p99 / max ms | server p50 / p99 ms | intake HTTP p50 / p99 ms | outcomes |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PipelineBench.PhaseFigures p : r.allPhases()) {
            md.append(f("| %s | %d | %s | %.0f | %.0f | %.0f / %.0f / %.0f / %.0f | %.0f / %.0f | %.1f / %.1f | %s |%n",
                    p.phase().name(), p.phase().leads(), p.phase().concurrency() == 1 ? "one at a time" : f("%.0f", p.phase().rate()),
                    p.sentRate(), p.achievedRate(), p.speedToLead().median(), p.speedToLead().percentile(90),
                    p.speedToLead().percentile(99), p.speedToLead().max(), p.serverSpeedToLead().median(),
                    p.serverSpeedToLead().percentile(99), p.intakeLatency().median(), p.intakeLatency().percentile(99),
                    Bench.outcomes(p.outcomes())));
        }
        md.append('\n').append(correctness(r)).append("\n\n");
        md.append("### The floor\n\n");
        md.append("""
                The DynamoDB and SQS round trips one routed lead cannot do without, back to back against the same \
                embedded services, with no pipeline code, on tables and queues of their own holding items of the \
                same size (a copy of a lead the run assigned). Left out, though the pipeline does them: the PutItem \
                marking the assignment message as sent (what makes a redelivery safe) and the delayed SLA-check \
                message. The HTTP hop of the form is not in the floor either.

                | step | median ms |
                |---|---:|
                """);
        r.floor().steps().forEach((step, d) -> md.append(f("| %s | %.2f |%n", step, d.median())));
        md.append(f("| **per lead** (median of %d; p90 %.2f) | **%.2f** |%n%n", r.floor().perLead().count(),
                r.floor().perLead().percentile(90), r.floor().perLead().median()));
        md.append(f("The same sequence with %d leads at a time: **%.0f leads/s**, the most these embedded services give any "
                + "pipeline of this shape on this machine.%n%n", r.floor().workers(), r.floor().leadsPerSecond()));
        md.append(f("Our per-lead cost is the median speed-to-lead of leads posted one at a time (each once the previous "
                + "one is assigned): %.2f ms, **%.2fx the floor**.%n%n", r.oneByOne().speedToLead().median(), r.floorRatio()));
        md.append("### Targets\n\n").append(targets(r)).append('\n');
        md.append("Measured ").append(Bench.machine()).append(". The machine is shared with other work, so single figures "
                + "are noisy; the ratios within one run are what count.\n");
        return md.toString();
    }

    static String coldStartSection(Bench.Results r) {
        return "## Cold start\n\n" + """
                Per function: a fresh JVM (`-XX:+TieredCompilation -XX:TieredStopAtLevel=1`, as Lambda's Java \
                runtimes and the template set) on the function's shaded jar alone plus a one-class launcher; the \
                handler is built with its no-argument constructor from the environment (endpoints of the running \
                stack) and handles one sample event of `events/`, made fresh (a new email; a lead in the state \
                the event expects). "Total" is from process start to the event handled; median of 5.

                """ + coldStartTable(r).strip() + "\n\nMeasured " + Bench.machine() + ".\n";
    }

    private static String phaseTable(Bench.Results r) {
        StringBuilder out = new StringBuilder(f("%-11s %6s %8s %7s %9s  %-27s %-17s %-13s %s%n", "phase", "leads",
                "offered", "sent/s", "achieved", "speed-to-lead p50/90/99/max", "server p50/p99", "intake p50/p99",
                "outcomes"));
        for (PipelineBench.PhaseFigures p : r.allPhases()) {
            out.append(f("%-11s %6d %8s %7.0f %9.0f  %-27s %-17s %-13s %s%s%n", p.phase().name(), p.phase().leads(),
                    p.phase().concurrency() == 1 ? "1 by 1" : f("%.0f/s", p.phase().rate()), p.sentRate(),
                    p.achievedRate(),
                    f("%.0f/%.0f/%.0f/%.0f ms", p.speedToLead().median(), p.speedToLead().percentile(90),
                            p.speedToLead().percentile(99), p.speedToLead().max()),
                    f("%.0f/%.0f ms", p.serverSpeedToLead().median(), p.serverSpeedToLead().percentile(99)),
                    f("%.1f/%.1f ms", p.intakeLatency().median(), p.intakeLatency().percentile(99)),
                    Bench.outcomes(p.outcomes()),
                    p.waitedForSlot() > 0 ? f(" (%d sends waited for a free slot)", p.waitedForSlot()) : ""));
        }
        return out.toString();
    }

    private static String correctness(Bench.Results r) {
        long lost = 0;
        long twice = 0;
        long notAccepted = 0;
        boolean settled = true;
        for (PipelineBench.PhaseFigures p : r.allPhases()) {
            lost += p.lost();
            twice += p.assignedTwice();
            notAccepted += p.notAccepted();
            settled &= p.settledInTime();
        }
        return f("Correctness (all must be 0): leads lost %d, leads assigned twice %d, capacity violations %d, "
                        + "assignment messages off by %d (%d messages, %d assignments), posts not answered 202: %d%s.",
                lost, twice, r.checks().capacityViolations(), r.checks().assignmentMessageMismatch(),
                r.checks().assignmentMessages(), r.checks().assignments(), notAccepted,
                settled ? "" : "; some leads had not settled by the deadline");
    }

    private static String coldStartTable(Bench.Results r) {
        StringBuilder md = new StringBuilder("| function | jar | total ms | constructor ms | first event ms |\n|---|---:|---:|---:|---:|\n");
        for (ColdStart.Figures c : r.coldStarts()) {
            if (c.failure() != null) {
                md.append(f("| %s | | failed: %s | | |%n", c.function().name(), c.failure()));
            } else {
                md.append(f("| %s | %.2f MiB | %.0f | %.0f | %.0f |%n", c.function().name(), c.jarBytes() / 1048576.0,
                        c.total(), c.construct(), c.firstEvent()));
            }
        }
        return md.append('\n').toString();
    }

    static String targets(Bench.Results r) {
        StringBuilder md = new StringBuilder("| target | measured | |\n|---|---|---|\n");
        PipelineBench.PhaseFigures throughput = r.phases().stream()
                .max((a, b) -> Double.compare(a.phase().rate(), b.phase().rate())).orElseThrow();
        PipelineBench.PhaseFigures latency = r.phases().stream().filter(p -> p.phase().rate() <= 50).findFirst().orElse(null);
        md.append(row(f("≥ %.0f leads/s sustained end to end", Bench.TARGET_THROUGHPUT),
                f("%.0f leads/s achieved at %.0f offered", throughput.achievedRate(), throughput.phase().rate()),
                throughput.achievedRate() >= Bench.TARGET_THROUGHPUT));
        if (latency != null) {
            md.append(row(f("p99 speed-to-lead ≤ %.0f ms at 50 leads/s", Bench.TARGET_P99_MILLIS),
                    f("%.0f ms", latency.speedToLead().percentile(99)),
                    latency.speedToLead().percentile(99) <= Bench.TARGET_P99_MILLIS));
        }
        md.append(row(f("per-lead cost ≤ %.0fx the floor", Bench.TARGET_FLOOR_RATIO), f("%.2fx", r.floorRatio()),
                r.floorRatio() <= Bench.TARGET_FLOOR_RATIO));
        for (ColdStart.Figures c : r.coldStarts()) {
            boolean measured = c.failure() == null;
            md.append(row(f("%s cold start ≤ %.1f s, jar ≤ 10 MiB", c.function().name(), Bench.TARGET_COLD_START_MILLIS / 1000),
                    measured ? f("%.2f s, %.2f MiB", c.total() / 1000, c.jarBytes() / 1048576.0) : "failed",
                    measured && c.total() <= Bench.TARGET_COLD_START_MILLIS && c.jarBytes() <= Bench.TARGET_JAR_BYTES));
        }
        return md.toString();
    }

    private static String row(String target, String measured, boolean met) {
        return "| " + target + " | " + measured + " | " + (met ? "met" : "**missed**") + " |\n";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
