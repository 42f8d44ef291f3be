package dev.leadrouter.pipelinebench;

import dev.leadrouter.local.LambdaFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a million leads cost in AWS, from what one phase's leads did on the local stack: the handlers' SDK calls
 * and the DynamoDB request units the emulator reported for them, the messages Lambda's event source mappings
 * would receive and delete, and the functions' billed durations at the template's memory size.
 */
final class CostModel {
    /** us-east-1 on-demand list prices in USD, as AWS published them (DynamoDB's since its 2024-11-01 price cut). */
    static final String PRICES = "us-east-1 on-demand list prices as AWS published them (DynamoDB Standard table "
            + "class, on-demand, since the price cut of 2024-11-01: 0.625 USD per million write and 0.125 per million "
            + "read request units; Lambda arm64 first tier; SQS standard queues beyond the free tier; API Gateway "
            + "HTTP API, first 300 million requests), not checked against the pricing pages on the day of the run: "
            + "check them before relying on the totals";
    static final double WRITE_UNIT = 0.625 / 1e6;
    static final double READ_UNIT = 0.125 / 1e6;
    static final double SQS_REQUEST = 0.40 / 1e6;
    static final double LAMBDA_GB_SECOND = 0.0000133334;
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    static final double HTTP_API_REQUEST = 1.00 / 1e6;
    /** The queues Lambda event source mappings consume in template.yaml: each message there is received and deleted. */
    private static final Set<String> CONSUMED = Set.of("qualification", "routing", "notifications", "crm-import");
    private static final int LAMBDA_BATCH = 10;

    /** The schedule's function: its calls come with time, not with leads, and are left out of the totals. */
    private static final String SWEEP = "sweep";
    private static final String SWEEP_FUNCTION = "SweepFunction";

    /** Per lead, from one phase; the sweep's calls and runs are left out (a cost per hour, not per lead). */
    record Figures(String phase, int leads, Map<String, CallCounter.Tally> calls, Map<String, LambdaFunction.Usage> usage,
                   int memoryMb) {
        Figures {
            calls = calls.entrySet().stream().filter(e -> !e.getKey().startsWith(SWEEP + " "))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                            java.util.TreeMap::new));
            usage = usage.entrySet().stream().filter(e -> !e.getKey().equals(SWEEP_FUNCTION))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                            LinkedHashMap::new));
        }

        double perLead(double total) {
            return total / leads;
        }

        long dynamoDbCalls() {
            return calls.entrySet().stream().filter(e -> e.getKey().contains(" DynamoDb ")).mapToLong(e -> e.getValue().calls()).sum();
        }

        long sqsCalls() {
            return calls.entrySet().stream().filter(e -> e.getKey().contains(" Sqs ")).mapToLong(e -> e.getValue().calls()).sum();
        }

        double readUnits() {
            return calls.values().stream().mapToDouble(CallCounter.Tally::readUnits).sum();
        }

        double writeUnits() {
            return calls.values().stream().mapToDouble(CallCounter.Tally::writeUnits).sum();
        }

        double indexWriteUnits() {
            return calls.values().stream().mapToDouble(CallCounter.Tally::indexWriteUnits).sum();
        }

        /** Messages sent to queues a function consumes. */
        long consumedMessages() {
            return calls.entrySet().stream().filter(e -> e.getKey().contains(" SendMessage")
                            && CONSUMED.contains(e.getKey().substring(e.getKey().lastIndexOf(' ') + 1)))
                    .mapToLong(e -> e.getValue().calls()).sum();
        }

        long invocations() {
            return usage.values().stream().mapToLong(LambdaFunction.Usage::invocations).sum();
        }

        double gbSeconds() {
            return usage.values().stream().mapToLong(LambdaFunction.Usage::billedMillis).sum() / 1000.0 * memoryMb / 1024.0;
        }
    }

    private CostModel() {
    }

    /** The functions' memory size in template.yaml (its Globals; no function sets its own). */
    static int templateMemoryMb(Path template) {
        try {
            Matcher m = Pattern.compile("(?m)^\\s+MemorySize:\\s*(\\d+)").matcher(Files.readString(template));
            return m.find() ? Integer.parseInt(m.group(1)) : 1024;
        } catch (IOException e) {
            return 1024;
        }
    }

    static String section(Figures f, String run) {
        StringBuilder md = new StringBuilder("## Cost model\n\n");
        md.append(f("""
                What a lead costs in AWS, from what the %d leads of the %s phase did on the local stack: every SDK call \
                the handlers made (counted by an SDK interceptor on their clients; the function is told by the thread \
                that ran it), the DynamoDB request units the emulator reported for each (`ReturnConsumedCapacity \
                INDEXES`: table and index writes, transactions at twice the units, eventually consistent reads at half), \
                and each function's invocations and billed milliseconds. Leads here are all leads posted (about 3%% go \
                to nurture or are disqualified and stop early). %s.

                """, f.leads(), f.phase(), run));
        md.append("### Calls per lead\n\n| function | call | per lead | read units | write units (of which index) |\n|---|---|---:|---:|---:|\n");
        f.calls().forEach((key, t) -> {
            int space = key.indexOf(' ');
            md.append(f("| %s | %s | %.2f | %.2f | %.2f (%.2f) |%n", key.substring(0, space), key.substring(space + 1),
                    f.perLead(t.calls()), f.perLead(t.readUnits()), f.perLead(t.writeUnits()), f.perLead(t.indexWriteUnits())));
        });
        md.append(f("| **all** | DynamoDB %.2f, SQS %.2f | **%.2f** | **%.2f** | **%.2f (%.2f)** |%n%n",
                f.perLead(f.dynamoDbCalls()), f.perLead(f.sqsCalls()), f.perLead(f.dynamoDbCalls() + f.sqsCalls()),
                f.perLead(f.readUnits()), f.perLead(f.writeUnits()), f.perLead(f.indexWriteUnits())));
        md.append("| function | invocations per lead | billed ms per invocation | GB-s per lead |\n|---|---:|---:|---:|\n");
        f.usage().forEach((id, u) -> {
            if (u.invocations() > 0) {
                md.append(f("| %s | %.2f | %.1f | %.5f |%n", id, f.perLead(u.invocations()),
                        (double) u.billedMillis() / u.invocations(), f.perLead(u.billedMillis() / 1000.0 * f.memoryMb() / 1024.0)));
            }
        });
        md.append('\n');

        double sqsUpper = f.perLead(f.sqsCalls()) + 2.0 * f.perLead(f.consumedMessages());
        double sqsLower = f.perLead(f.sqsCalls()) + 2.0 * f.perLead(f.consumedMessages()) / LAMBDA_BATCH;
        Map<String, double[]> rows = new LinkedHashMap<>();
        rows.put("DynamoDB write request units", new double[] {f.perLead(f.writeUnits()), WRITE_UNIT});
        rows.put("DynamoDB read request units", new double[] {f.perLead(f.readUnits()), READ_UNIT});
        rows.put(f("SQS requests (handlers' %.2f + event source receive and delete, one message a batch)",
                f.perLead(f.sqsCalls())), new double[] {sqsUpper, SQS_REQUEST});
        rows.put("Lambda requests", new double[] {f.perLead(f.invocations()), LAMBDA_REQUEST});
        rows.put(f("Lambda GB-s (%d MB, the template's MemorySize, × billed duration)", f.memoryMb()),
                new double[] {f.perLead(f.gbSeconds()), LAMBDA_GB_SECOND});
        rows.put("API Gateway HTTP API requests (the form post)", new double[] {1, HTTP_API_REQUEST});
        md.append("### Per 1M leads\n\n| item | per lead | per 1M leads | USD per unit | USD per 1M leads |\n|---|---:|---:|---:|---:|\n");
        double total = 0;
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            double perLead = row.getValue()[0];
            double price = row.getValue()[1];
            total += perLead * 1e6 * price;
            md.append(f("| %s | %.3f | %,.0f | %.10f | %.2f |%n", row.getKey(), perLead, perLead * 1e6, price,
                    perLead * 1e6 * price));
        }
        md.append(f("| **total** | | | | **%.2f** |%n%n", total));
        md.append(f("""
                With full batches of %d the event sources' requests fall to %.2f per lead (%.2f USD per 1M leads less). \
                Not counted: idle long polling by the event source mappings (a fixed cost per queue and hour, not per \
                lead), the sweep (its queries and runs come with its schedule, not with leads), CloudWatch Logs and X-Ray, storage, the assignments and nurture queues' \
                consumers downstream, and free tiers. Lambda durations were measured on the local stack on this \
                machine (handlers in one JVM, emulators beside them), not on Lambda: treat the GB-s as an order of \
                magnitude. Prices: %s.
                """, LAMBDA_BATCH, sqsLower, (sqsUpper - sqsLower) * 1e6 * SQS_REQUEST, PRICES));
        return md.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
