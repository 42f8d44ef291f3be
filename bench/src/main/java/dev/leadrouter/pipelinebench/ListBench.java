package dev.leadrouter.pipelinebench;

import dev.leadrouter.json.Json;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.local.LocalStackOptions;
import dev.leadrouter.log.Log;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code list}: {@code GET /leads} over a large leads table. Bulk-loads generated leads (BatchWriteItem,
 * 25 at a time) into the local stack's DynamoDB emulator on disk, then times each kind of list query over HTTP:
 * by status, by rep, by rep and status, by email, by external id, and a status list paged 20 deep.
 */
public final class ListBench {
    /** The command line as picocli reads it. */
    @Command(name = "java -jar bench/target/lead-router-bench.jar list", usageHelpAutoWidth = true,
            description = "GET /leads over a large leads table in the local stack's DynamoDB emulator on disk.")
    static final class CommandLineOptions {
        @Option(names = "--leads", paramLabel = "N", description = "leads loaded (default 1000000)")
        int leads = 1_000_000;
        @Option(names = "--threads", paramLabel = "N", description = "loading threads (default 8)")
        int threads = 8;
        @Option(names = "--queries", paramLabel = "N", description = "timed requests per query kind (default 200)")
        int queries = 200;
        @Option(names = "--output", paramLabel = "FILE",
                description = "Markdown file whose \"## Lead list\" section is written (default BENCHMARKS.md; - for none)")
        String output = "BENCHMARKS.md";
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;
    }

    private static final int REPS = 500;
    private static final String[] STATUSES = {"CLOSED", "CLOSED", "CLOSED", "CLOSED", "ACCEPTED", "ACCEPTED",
            "ASSIGNED", "ASSIGNED", "NURTURE", "NURTURE", "NURTURE", "UNASSIGNED", "DISQUALIFIED", "ASSIGNED",
            "ACCEPTED", "CLOSED", "NURTURE", "CLOSED", "ASSIGNED", "QUALIFIED"};

    private ListBench() {
    }

    /** Runs the benchmark of {@code args}; returns 0, or 2 for bad options. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new CommandLineOptions());
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            commandLine.usage(err);
            return 2;
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(out);
            return 0;
        }
        CommandLineOptions options = commandLine.getCommand();
        int leads = options.leads;
        int threads = options.threads;
        int queries = options.queries;
        Path output = options.output.equals("-") ? null : Path.of(options.output);
        Log.redirect(new PrintStream(java.io.OutputStream.nullOutputStream()));
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("lead-router-list-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (LocalStack stack = LocalStack.start(new LocalStackOptions().port(0).dynamoDbPort(0).sqsPort(0)
                .seed(false).dataDir(dataDir))) {
            Instant started = Instant.now();
            load(stack.dynamoDb(), stack.config().leadsTable(), leads, threads, out);
            Duration loading = Duration.between(started, Instant.now());
            out.printf("loaded %d leads in %d s%n", leads, loading.toSeconds());
            Map<String, Distribution> figures = measure(stack, leads, queries);
            String section = section(leads, loading, queries, figures);
            out.print(section);
            if (output != null) {
                String document = Files.exists(output) ? Files.readString(output) : "# Benchmarks\n";
                Files.writeString(output, MarkdownSections.put(document, "## Lead list", section));
                out.println("written to " + output);
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Log.redirect(System.out);
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** Lead {@code n}: its status, rep, email and external id follow from n, so queries can name existing ones. */
    static Map<String, AttributeValue> lead(int n, Instant base) {
        String status = STATUSES[n % STATUSES.length];
        Map<String, AttributeValue> item = new HashMap<>();
        String receivedAt = base.plusSeconds(30L * n).toString();
        item.put("leadId", AttributeValue.fromS(UUID.randomUUID().toString()));
        item.put("status", AttributeValue.fromS(status));
        item.put("source", AttributeValue.fromS("WEB_FORM"));
        item.put("email", AttributeValue.fromS(email(n)));
        item.put("firstName", AttributeValue.fromS("First" + n));
        item.put("lastName", AttributeValue.fromS("Last" + n));
        item.put("company", AttributeValue.fromS("Company " + (n % 20_000)));
        item.put("country", AttributeValue.fromS(n % 3 == 0 ? "DE" : "US"));
        item.put("grade", AttributeValue.fromS(n % 4 == 0 ? "WARM" : "HOT"));
        item.put("score", AttributeValue.fromN(Integer.toString(40 + n % 50)));
        item.put("receivedAt", AttributeValue.fromS(receivedAt));
        item.put("updatedAt", AttributeValue.fromS(receivedAt));
        item.put("version", AttributeValue.fromN("6"));
        if (n % 3 == 0) {
            item.put("externalId", AttributeValue.fromS("crm-" + n));
        }
        if (!status.equals("NURTURE") && !status.equals("UNASSIGNED") && !status.equals("DISQUALIFIED")
                && !status.equals("QUALIFIED")) {
            item.put("assigneeRepId", AttributeValue.fromS(rep(n)));
        }
        // What makes a real lead item larger than its list entry: history and trace.
        List<AttributeValue> history = new ArrayList<>();
        for (String event : List.of("RECEIVED", "QUALIFIED", "ASSIGNED", status)) {
            history.add(AttributeValue.fromM(Map.of("at", AttributeValue.fromS(receivedAt),
                    "event", AttributeValue.fromS(event), "detail", AttributeValue.fromS("step " + event + " of lead " + n))));
        }
        item.put("history", AttributeValue.fromL(history));
        item.put("trace", AttributeValue.fromS("x".repeat(400)));
        return item;
    }

    static String email(int n) {
        return "lead" + (n / 2) + "@company" + (n % 20_000) + ".example";
    }

    static String rep(int n) {
        return "rep-" + (n % REPS);
    }

    private static void load(DynamoDbClient dynamo, String table, int leads, int threads, PrintStream out) {
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            int slice = (leads + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * slice;
                int to = Math.min(leads, from + slice);
                boolean reports = t == 0;
                parts.add(pool.submit(() -> {
                    for (int start = from; start < to; start += 25) {
                        List<WriteRequest> batch = new ArrayList<>();
                        for (int n = start; n < Math.min(to, start + 25); n++) {
                            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(lead(n, base)).build()).build());
                        }
                        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
                        while (!pending.isEmpty()) {
                            var response = dynamo.batchWriteItem(
                                    software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest.builder()
                                            .requestItems(pending).build());
                            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                        }
                        if (reports && (start - from) % 10_000 == 0) {
                            out.printf("loading: %d of %d by this thread%n", start - from, to - from);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("loading failed", e);
        } finally {
            pool.shutdown();
        }
    }

    private static Map<String, Distribution> measure(LocalStack stack, int leads, int queries) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("status=ASSIGNED", n -> "status=ASSIGNED");
        kinds.put("repId=…", n -> "repId=" + rep(n));
        kinds.put("repId=…&status=ACCEPTED", n -> "repId=" + rep(n) + "&status=ACCEPTED");
        kinds.put("email=…", n -> "email=" + encode(email(n)));
        kinds.put("externalId=…", n -> "externalId=crm-" + (n - n % 3));
        Map<String, Distribution> figures = new LinkedHashMap<>();
        for (Map.Entry<String, IntFunction<String>> kind : kinds.entrySet()) {
            List<Double> millis = new ArrayList<>();
            for (int q = 0; q < queries + 20; q++) {
                int n = ThreadLocalRandom.current().nextInt(leads);
                double took = timed(http, stack, kind.getValue().apply(n) + "&limit=25");
                if (q >= 20) { // the first ones warm the function and the connection
                    millis.add(took);
                }
            }
            figures.put(kind.getKey(), Distribution.ofMillis(millis));
        }
        List<Double> deep = new ArrayList<>();
        for (int q = 0; q < Math.max(1, queries / 20); q++) {
            String cursor = null;
            for (int page = 0; page < 20; page++) {
                long start = System.nanoTime();
                var body = Json.parse(get(http, stack, "status=CLOSED&limit=25"
                        + (cursor == null ? "" : "&cursor=" + cursor)));
                deep.add((System.nanoTime() - start) / 1e6);
                cursor = body.path("cursor").isTextual() ? body.path("cursor").asText() : null;
            }
        }
        figures.put("status=CLOSED, pages 1-20 by cursor", Distribution.ofMillis(deep));
        return figures;
    }

    private static double timed(HttpClient http, LocalStack stack, String query) {
        long start = System.nanoTime();
        get(http, stack, query);
        return (System.nanoTime() - start) / 1e6;
    }

    private static String get(HttpClient http, LocalStack stack, String query) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/leads?" + query))
                    .header("authorization", "Bearer " + stack.apiToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(query + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String section(int leads, Duration loading, int queries, Map<String, Distribution> figures) {
        StringBuilder text = new StringBuilder();
        text.append("## Lead list\n\n");
        text.append(String.format(Locale.ROOT, "`GET /leads` over %,d leads (%d reps; loaded with BatchWriteItem into the "
                + "local stack's DynamoDB emulator on disk in %d s), %d requests per query kind over HTTP through the "
                + "local API, one at a time, 25 leads a page. Run: `java -jar bench/target/lead-router-bench.jar "
                + "list`.%n%n", leads, REPS, loading.toSeconds(), queries));
        text.append("| query | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
        figures.forEach((kind, d) -> text.append(String.format(Locale.ROOT, "| `%s` | %.1f | %.1f | %.1f | %.1f |%n",
                kind, d.median(), d.percentile(95), d.percentile(99), d.max())));
        text.append("\n");
        return text.toString();
    }
}
