package dev.leadrouter.pipelinebench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.store.LeadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Speed-to-notification: every bench rep is told through a Slack webhook and the signed generic webhook, both
 * served by a receiver in this process; leads are posted open loop, and for each assigned lead the time from
 * its assignment ({@code assignedAt}) to each message's arrival is taken (one clock for stack and receiver).
 */
final class HandOffBench {
    static final double TARGET_P99_MILLIS = 1000;
    /** Lead numbers of this part, clear of the pipeline phases' numbers. */
    private static final int FIRST_LEAD = 10_000_000;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    /** Per channel: the arrival delays, the assigned leads with no message, and the messages that came twice. */
    record Figures(double rate, int leads, int assigned, Distribution slack, Distribution webhook, int missing,
                   int duplicates) {
        /** The slower channel's p99: when the rep has been told everywhere. */
        double p99() {
            return Math.max(slack.percentile(99), webhook.percentile(99));
        }
    }

    private final LocalStack stack;
    private final BenchOrg org;
    private final LoadDriver driver;
    private final Map<String, Instant> slack = new ConcurrentHashMap<>();
    private final Map<String, Instant> webhook = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();

    HandOffBench(LocalStack stack, BenchOrg org, LoadDriver driver) {
        this.stack = stack;
        this.org = org;
        this.driver = driver;
    }

    Figures measure(int leads, double rate) {
        HttpServer receiver = startReceiver();
        try {
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            tellEveryRepThrough(base + "/slack", base + "/webhook");
            // The settings edit (the webhook secret) and the reps' notify reach the functions within their cache time
            // (routing hands off only to reps it knows have a channel), as ops edits do.
            sleep(stack.config().rulesCacheTtl().plusMillis(500));
            List<LoadDriver.Submission> sent = driver.drive(org::leadBody, FIRST_LEAD, leads, rate, 32);
            LeadStore store = new LeadStore(stack.dynamoDb(), stack.config().leadsTable());
            List<Double> slackMillis = new ArrayList<>();
            List<Double> webhookMillis = new ArrayList<>();
            int assigned = 0;
            int missing = 0;
            Instant deadline = Instant.now().plus(SETTLE);
            for (LoadDriver.Submission submission : sent) {
                Optional<Instant> assignedAt = submission.accepted() ? assignedAt(store, submission.leadId(), deadline)
                        : Optional.empty();
                if (assignedAt.isEmpty()) {
                    continue; // nurtured, disqualified or refused: no rep to tell
                }
                assigned++;
                Instant slackAt = await(slack, submission.leadId(), deadline);
                Instant webhookAt = await(webhook, submission.leadId(), deadline);
                if (slackAt == null || webhookAt == null) {
                    missing++;
                }
                if (slackAt != null) {
                    slackMillis.add(Duration.between(assignedAt.get(), slackAt).toNanos() / 1e6);
                }
                if (webhookAt != null) {
                    webhookMillis.add(Duration.between(assignedAt.get(), webhookAt).toNanos() / 1e6);
                }
            }
            return new Figures(rate, leads, assigned, Distribution.ofMillis(slackMillis),
                    Distribution.ofMillis(webhookMillis), missing, duplicates.get());
        } finally {
            receiver.stop(0);
        }
    }

    /** The assignment time once the pipeline has settled the lead; empty for a lead no rep got. */
    private static Optional<Instant> assignedAt(LeadStore store, String leadId, Instant deadline) {
        while (true) {
            Optional<Lead> lead = store.get(leadId);
            if (lead.isPresent() && lead.get().assignment != null) {
                return Optional.of(Instant.parse(lead.get().assignment.assignedAt()));
            }
            boolean pending = lead.isEmpty() || lead.get().status == null
                    || switch (lead.get().status) {
                        case RECEIVED, QUALIFIED -> true;
                        default -> false;
                    };
            if (!pending || Instant.now().isAfter(deadline)) {
                return Optional.empty();
            }
            pause();
        }
    }

    private static Instant await(Map<String, Instant> arrivals, String leadId, Instant deadline) {
        while (!arrivals.containsKey(leadId) && Instant.now().isBefore(deadline)) {
            pause();
        }
        return arrivals.get(leadId);
    }

    private void tellEveryRepThrough(String slackUrl, String webhookUrl) {
        stack.dynamoDb().updateItem(r -> r.tableName(stack.config().rulesTable())
                .key(Map.of("ruleId", AttributeValue.fromS("settings")))
                .updateExpression("SET webhookSecret = :s")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("bench-webhook-secret"))));
        AttributeValue notify = AttributeValues.toValue(Json.object().put("slackWebhookUrl", slackUrl)
                .put("webhookUrl", webhookUrl));
        org.reps().forEach(rep -> stack.dynamoDb().updateItem(r -> r.tableName(stack.config().repsTable())
                .key(Map.of("repId", AttributeValue.fromS(rep.path("repId").asText())))
                .updateExpression("SET notify = :n")
                .expressionAttributeValues(Map.of(":n", notify))));
    }

    private HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/slack", exchange -> receive(exchange, slack, true));
            server.createContext("/webhook", exchange -> receive(exchange, webhook, false));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the notification receiver", e);
        }
    }

    /** Records the arrival by lead id: the webhook names it, the Slack message carries it inside its links. */
    private void receive(HttpExchange exchange, Map<String, Instant> arrivals, boolean slackFormat) throws IOException {
        Instant at = Instant.now();
        try (exchange) {
            JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes()));
            String leadId = slackFormat ? leadOfLink(body.path("blocks").path(2).path("elements").path(0)
                    .path("url").asText()) : body.path("leadId").asText();
            if (arrivals.putIfAbsent(leadId, at) != null) {
                duplicates.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** The lead id in an action link's token (its payload is readable; only the signature is secret). */
    private static String leadOfLink(String url) {
        String token = url.substring(url.lastIndexOf('/') + 1);
        String payload = token.substring(0, token.indexOf('.'));
        return Json.parse(new String(java.util.Base64.getUrlDecoder().decode(payload))).path("l").asText();
    }

    private static void pause() {
        sleep(Duration.ofMillis(20));
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String text(Figures f) {
        return String.format(java.util.Locale.ROOT,
                "%nspeed-to-notification at %.0f leads/s (%d assigned of %d): slack p50 %.0f / p99 %.0f ms, "
                        + "webhook p50 %.0f / p99 %.0f ms; %d not told, %d told twice%n",
                f.rate(), f.assigned(), f.leads(), f.slack().median(), f.slack().percentile(99), f.webhook().median(),
                f.webhook().percentile(99), f.missing(), f.duplicates());
    }

    static String section(Figures f) {
        return String.format(java.util.Locale.ROOT, """
                ## Hand-off

                Measured %s.

                Speed-to-notification: from a lead's assignment (`assignedAt`) to its rep's message arriving at the \
                receiver. `bench` points every rep's `notify` at a Slack incoming webhook and the signed generic \
                webhook, both served by a receiver in the bench process (one clock with the stack), and posts \
                leads open loop at %.0f leads/s after the pipeline phases. Each channel's time includes the routing \
                function's notifications message, the notification function's reads of rep and lead (the settings \
                come from its cache, and routing's reps from theirs, so the run waits the cache time after setting \
                the webhook secret and the reps' notify), the \
                delivery record and the HTTP POST.

                | channel | assigned leads | p50 ms | p90 ms | p99 ms | max ms |
                |---|---:|---:|---:|---:|---:|
                | Slack | %d | %.0f | %.0f | %.0f | %.0f |
                | webhook | %d | %.0f | %.0f | %.0f | %.0f |

                Leads not told: %d. Messages that came twice: %d. Target p99 ≤ %.0f ms: %s.

                """, Bench.machine(), f.rate(), f.slack().count(), f.slack().median(), f.slack().percentile(90), f.slack().percentile(99),
                f.slack().max(), f.webhook().count(), f.webhook().median(), f.webhook().percentile(90),
                f.webhook().percentile(99), f.webhook().max(), f.missing(), f.duplicates(), TARGET_P99_MILLIS,
                f.p99() <= TARGET_P99_MILLIS ? "met" : "**missed**");
    }
}
