package dev.leadrouter.pipelinebench;

import java.util.Locale;

/** The figures of a run as console text and as the Markdown sections of the benchmarks file. */
final class Report {
    private Report() {
    }

    static String text(Bench.Results r) {
        StringBuilder out = new StringBuilder();
        out.append("\n").append(runLine(r)).append('\n');
        out.append(phaseTable(r));
        if (r.floor() != null) {
            out.append(f("%nfloor: %.2f ms per lead (median of %d; p90 %.2f ms); ours one by one %.2f ms = %.2fx the floor%n",
                    r.floor().perLead().median(), r.floor().perLead().count(), r.floor().perLead().percentile(90),
                    r.oneByOne().speedToLead().median(), r.floorRatio()));
            out.append(f("floor throughput: %.0f leads/s with %d leads at a time%n", r.floor().leadsPerSecond(),
                    r.floor().workers()));
        }
        out.append(correctness(r)).append('\n');
        if (!r.coldStarts().isEmpty()) {
            out.append(coldStartTable(r));
        }
        if (r.handOff() != null) {
            out.append(HandOffBench.text(r.handOff()));
        }
        if (r.polling() != null) {
            out.append('\n').append(pollingTable(r.polling()));
        }
        if (r.profile() != null) {
            out.append('\n').append(profileTables(r.profile()));
        }
        out.append('\n').append(targets(r));
        return out.toString();
    }

    /** "Run: `command`, measured date on machine": where a figure came from. */
    static String runLine(Bench.Results r) {
        return "Run: `" + r.command() + "`, measured " + r.machine();
    }

    static String pipelineSection(Bench.Results r) {
        StringBuilder md = new StringBuilder("## Pipeline\n\n");
        md.append("""
                `java -jar bench/target/lead-router-bench.jar` starts the local stack on free ports, with its embedded \
                emulators (Dynoxide for DynamoDB, a separate process; ElasticMQ for SQS, in the stack's JVM), and a \
                generated org (5 teams of 4 reps: round robin, weighted, least loaded; no working hours; capacities \
                above the run's leads), posts unique leads over HTTP open loop at the offered rate, waits until every \
                lead has settled and reads the leads table. Speed-to-lead is the time from the client sending the form \
                to the lead's ASSIGNED history entry (client and stack share one clock); "server" is ASSIGNED minus \
                `receivedAt`. A warm-up of leads runs first and is not counted. Pipeline log lines are built but \
                discarded. The load average is the machine's (1 minute) at the end of each phase.

                """);
        md.append("| phase | leads | offered/s | sent/s | achieved/s | speed-to-lead p50 / p90 / p99 / max ms | server p50 / p99 ms | intake HTTP p50 / p99 ms | outcomes | load |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (PipelineBench.PhaseFigures p : r.allPhases()) {
            md.append(f("| %s | %d | %s | %.0f | %.0f | %.0f / %.0f / %.0f / %.0f | %.0f / %.0f | %.1f / %.1f | %s | %.1f |%n",
                    p.phase().name(), p.phase().leads(), p.phase().concurrency() == 1 ? "one at a time" : f("%.0f", p.phase().rate()),
                    p.sentRate(), p.achievedRate(), p.speedToLead().median(), p.speedToLead().percentile(90),
                    p.speedToLead().percentile(99), p.speedToLead().max(), p.serverSpeedToLead().median(),
                    p.serverSpeedToLead().percentile(99), p.intakeLatency().median(), p.intakeLatency().percentile(99),
                    Bench.outcomes(p.outcomes()), p.loadAverage()));
        }
        md.append('\n').append(correctness(r)).append("\n\n");
        if (r.floor() == null) {
            return md.append(runLine(r)).append(".\n").toString();
        }
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
        md.append(runLine(r)).append(". The machine is shared with other work, so single figures "
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
        if (r.duplicates() != null) {
            lost += r.duplicates().lost();
        }
        long capacity = r.checks().values().stream().mapToLong(PipelineBench.StoreChecks::capacityViolations).max().orElse(0);
        PipelineBench.StoreChecks last = r.lastChecks();
        return f("Correctness (all must be 0): leads lost %d, leads assigned twice %d, capacity violations %d "
                        + "(checked after each of %d parts), assignment messages off by %d (%d messages, %d assignments), "
                        + "posts not answered 202: %d%s.",
                lost, twice, capacity, r.checks().size(), last.assignmentMessageMismatch(),
                last.assignmentMessages(), last.assignments(), notAccepted,
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

    /** The "## Targets" section: each target of the run, its figure, met or missed, and the run. */
    static String targetsSection(Bench.Results r) {
        return "## Targets\n\n" + """
                The scale targets, measured by `bench` on the embedded default (Dynoxide and ElasticMQ) after a \
                warm-up. Each figure comes from the run named below the table; "load" is the machine's 1-minute \
                load average at the end of the phase (it counts the run's own threads and Dynoxide too: a run that \
                saturates the 2 CPUs shows several on its own). \
                A target whose part did not run in that run is not listed: see the earlier runs in the sections below.

                """ + targets(r) + "\n" + correctness(r) + "\n\n" + runLine(r) + ".\n";
    }

    static String targets(Bench.Results r) {
        StringBuilder md = new StringBuilder("| target | measured | load | |\n|---|---|---:|---|\n");
        PipelineBench.PhaseFigures throughput = r.phase(BenchOptions.THROUGHPUT);
        if (throughput != null) {
            md.append(row(f("≥ %.0f leads/s sustained when offered %.0f/s", Bench.TARGET_THROUGHPUT, 120.0),
                    f("%.0f leads/s achieved at %.0f offered (%d leads; p50 / p99 %.0f / %.0f ms)",
                            throughput.achievedRate(), throughput.phase().rate(), throughput.phase().leads(),
                            throughput.speedToLead().median(), throughput.speedToLead().percentile(99)),
                    throughput.loadAverage(), throughput.achievedRate() >= Bench.TARGET_THROUGHPUT));
        }
        PipelineBench.PhaseFigures latency = r.phase("latency");
        if (latency != null) {
            md.append(row(f("p99 speed-to-lead ≤ %.0f ms at 50 leads/s", Bench.TARGET_P99_MILLIS),
                    f("%.0f ms (p50 %.0f, %d leads, %.0f/s achieved)", latency.speedToLead().percentile(99),
                            latency.speedToLead().median(), latency.phase().leads(), latency.achievedRate()),
                    latency.loadAverage(), latency.speedToLead().percentile(99) <= Bench.TARGET_P99_MILLIS));
        }
        TargetScenarios.OrgSize org = r.orgSize();
        if (org != null) {
            md.append(row(f("a %,d-rep org ≤ %.1fx a %d-rep org per lead (p50 at %.0f/s)", org.largeReps(),
                            Bench.TARGET_ORG_SIZE_RATIO, org.smallReps(), TargetScenarios.ORG_SIZE_RATE),
                    f("%.2fx (p50 %.0f ms vs %.0f ms; p90 %.0f vs %.0f; %d leads each)", org.ratio(),
                            org.large().speedToLead().median(), org.small().speedToLead().median(),
                            org.large().speedToLead().percentile(90), org.small().speedToLead().percentile(90),
                            org.small().phase().leads()),
                    org.large().loadAverage(), org.ratio() <= Bench.TARGET_ORG_SIZE_RATIO));
        }
        TargetScenarios.BigTeam big = r.bigTeam();
        if (big != null) {
            int accepted = big.phase().accepted();
            md.append(row(f("a %,d-rep team still assigns, lead item < %d KB", big.teamReps(),
                            Bench.TARGET_BIG_TEAM_ITEM_BYTES / 1024),
                    f("%d of %d leads assigned in the team; largest lead item %,d bytes (%.1f KB); p50 %.0f ms",
                            big.assignedInTeam(), accepted, big.largestItemBytes(), big.largestItemBytes() / 1024.0,
                            big.phase().speedToLead().median()),
                    big.phase().loadAverage(), accepted > 0 && big.assignedInTeam() == accepted
                            && big.largestItemBytes() < Bench.TARGET_BIG_TEAM_ITEM_BYTES));
        }
        TargetScenarios.Duplicates d = r.duplicates();
        if (d != null) {
            String answers = String.join(", ", d.answers().entrySet().stream()
                    .map(e -> e.getValue() + " × " + e.getKey()).toList());
            md.append(row(f("%d duplicate submissions of 30 KB to POST /leads all answer 200", d.posts()),
                    f("%s (first post %d; bodies of %,d bytes); lead item afterwards %,d bytes, %d touchpoints stored, "
                            + "GET /leads/{id} %d", answers, d.firstStatus(), d.bodyBytes(), d.itemBytes(),
                            d.storedTouchpoints(), d.readStatus()),
                    Double.NaN, d.answered200() == d.posts() && d.lost() == 0));
        }
        md.append(row("no lead lost or doubled, no capacity violation, in every part", correctnessFigure(r),
                Double.NaN, r.failures() == 0));
        if (r.floor() != null) {
            md.append(row(f("per-lead cost ≤ %.0fx the floor", Bench.TARGET_FLOOR_RATIO), f("%.2fx", r.floorRatio()),
                    Double.NaN, r.floorRatio() <= Bench.TARGET_FLOOR_RATIO));
        }
        for (ColdStart.Figures c : r.coldStarts()) {
            boolean measured = c.failure() == null;
            md.append(row(f("%s cold start ≤ %.1f s, jar ≤ 10 MiB", c.function().name(), Bench.TARGET_COLD_START_MILLIS / 1000),
                    measured ? f("%.2f s, %.2f MiB", c.total() / 1000, c.jarBytes() / 1048576.0) : "failed",
                    Double.NaN, measured && c.total() <= Bench.TARGET_COLD_START_MILLIS && c.jarBytes() <= Bench.TARGET_JAR_BYTES));
        }
        return md.toString();
    }

    private static String correctnessFigure(Bench.Results r) {
        return f("%d failures over %d phases (%s)", r.failures(), r.allPhases().size(),
                String.join(", ", r.allPhases().stream().map(p -> p.phase().name() + ": " + p.lost() + " lost, "
                        + p.assignedTwice() + " twice").toList()));
    }

    /** The "## Pipeline profile" section's measured part: where the JVM's CPU went in the profiled phase. */
    static String profileSection(Bench.Results r) {
        CpuProfile.Figures p = r.profile();
        return "## Pipeline profile\n\n" + f("""
                A JDK Flight Recorder CPU profile (`jdk.ExecutionSample` every 10 ms of each running Java thread) of \
                the stack's JVM during the throughput phase (%d leads, %.0f s): the handlers, the SQS event sources, \
                ElasticMQ and the HTTP API all run in it, and so does the bench's own HTTP client (its threads are \
                listed apart). Dynoxide is a process of its own: its CPU time is read from `/proc`. Redo it with \
                `java -jar bench/target/lead-router-bench.jar --only throughput --profile target/throughput.jfr \
                --output -` and read the file with `jfr print --events jdk.ExecutionSample target/throughput.jfr`.

                """, p.leads(), p.wallSeconds()) + profileTables(p) + "\n"
                + (r.polling() == null ? "" : pollingTable(r.polling()) + "\n") + runLine(r) + ".\n";
    }

    /** The local event sources' SQS requests per lead in one phase, by queue. */
    static String pollingTable(Bench.Polling polling) {
        StringBuilder md = new StringBuilder(f("The local event sources' SQS requests in the %s phase (%d leads): %.2f per lead.%n%n",
                polling.phase(), polling.leads(), (double) polling.requests() / polling.leads()));
        md.append("| queue | receives per lead | of them empty | messages per non-empty receive | delete / visibility batches per lead |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        polling.byQueue().forEach((queue, p) -> md.append(f("| %s | %.2f | %.2f | %.2f | %.2f |%n", queue,
                (double) p.receives() / polling.leads(), (double) p.emptyReceives() / polling.leads(),
                p.receives() == p.emptyReceives() ? 0.0 : (double) p.messages() / (p.receives() - p.emptyReceives()),
                (double) p.batchRequests() / polling.leads())));
        return md.toString();
    }

    static String profileTables(CpuProfile.Figures p) {
        StringBuilder md = new StringBuilder();
        md.append(f("CPU per lead: **%.1f ms in the stack's JVM** (bench client included), **%.1f ms in Dynoxide**; "
                + "%,d samples.%n%n", p.jvmCpuMillisPerLead(), p.dynamoDbCpuMillisPerLead(), p.samples()));
        md.append("| thread group | share of samples | CPU ms per lead |\n|---|---:|---:|\n");
        p.byThreadGroup().forEach((group, count) -> md.append(f("| `%s` | %.1f%% | %.2f |%n", group, p.share(count),
                p.jvmCpuMillisPerLead() * p.share(count) / 100)));
        md.append("\n| top frame (leaf) | share |\n|---|---:|\n");
        p.topFrames().forEach((frame, count) -> md.append(f("| `%s` | %.1f%% |%n", frame, p.share(count))));
        md.append("\n| our frame nearest the leaf | share |\n|---|---:|\n");
        p.topOwnFrames().forEach((frame, count) -> md.append(f("| `%s` | %.1f%% |%n", frame, p.share(count))));
        return md.toString();
    }

    private static String row(String target, String measured, double load, boolean met) {
        return "| " + target + " | " + measured + " | " + (Double.isNaN(load) ? "" : f("%.1f", load)) + " | "
                + (met ? "met" : "**missed**") + " |\n";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
