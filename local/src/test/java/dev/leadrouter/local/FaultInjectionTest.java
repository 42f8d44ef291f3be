package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Leads through the whole pipeline while 10% of the functions' DynamoDB and SQS call attempts fail
 * (throttled, 5xx before sending, 5xx after the service applied the call). Run once with the SDK's
 * standard retries (faults absorbed beneath them) and once with no SDK retries, so every fault
 * reaches the code: either way no lead is lost or assigned twice, and capacity counts stay exact.
 */
@Tag("soak")
class FaultInjectionTest {
    private static final int LEADS = 300;
    /** The SDK's standard retries (3 attempts), with backoff in milliseconds rather than its default hundreds. */
    private static final RetryStrategy QUICK_SDK_RETRIES = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(100)))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(100)))
            .circuitBreakerEnabled(false)
            .build();
    private static final int CLIENT_THREADS = 16;
    private static final double FAULT_SHARE = 0.10;
    private static final int CLIENT_ATTEMPTS = 10;
    private static final int REPS = 6;
    private static final int CAPACITY = 28;

    @Test
    void faultsBeneathTheSdkRetriesLoseNothing() {
        run("sdk-retries", QUICK_SDK_RETRIES);
    }

    @Test
    void faultsReachingTheCodeLoseNothing() {
        run("no-sdk-retries", AwsRetryStrategy.doNotRetry());
    }

    private void run(String name, RetryStrategy sdkRetries) {
        FaultInjector faults = new FaultInjector(FAULT_SHARE, 42);
        LocalStackOptions options = ReliabilityOrg.options().pollers(4).handlerClients(overrides -> {
            overrides.addExecutionInterceptor(faults);
            overrides.retryStrategy(sdkRetries);
        });
        long started = System.nanoTime();
        // A stack per test: its clients carry this test's fault injector and SDK retry strategy.
        try (LocalStack stack = LocalStack.start(options)) {
            ReliabilityOrg.seed(stack, REPS, CAPACITY);
            Submissions submissions = submitAll(stack, name);

            Map<String, Lead> leads = ReliabilityOrg.awaitSettled(stack, submissions.accepted.keySet(),
                    Duration.ofSeconds(15), Duration.ofSeconds(60));
            faults.disable();
            Map<String, List<String>> deadLetters = ReliabilityOrg.deadLetters(stack);
            List<String> lost = submissions.accepted.keySet().stream()
                    .filter(id -> !ReliabilityOrg.settled(leads.get(id)) && !deadLetters.containsKey(id))
                    .sorted().toList();
            Map<String, List<JsonNode>> messages = ReliabilityOrg.assignmentMessages(stack);
            int duplicateMessages = ReliabilityOrg.assertAssignedOnce(leads, messages);
            ReliabilityOrg.assertAnnounced(leads, messages);

            Map<String, Long> byStatus = new TreeMap<>(submissions.accepted.keySet().stream()
                    .map(leads::get).filter(lead -> lead != null)
                    .collect(Collectors.groupingBy(lead -> lead.status.name(), Collectors.counting())));
            System.out.printf("""
                    fault injection [%s]: %d leads in %.1f s, %d SDK attempts, %d faults injected %s
                      by kind and call %s
                      faults reaching the code: %d %s
                      client: answers %s, retries %d, never accepted %d
                      leads by status %s; unsettled in a DLQ %s; lost %s
                      assignment messages: %d for %d leads, %d duplicate sends; DLQ contents %s
                    """, name, LEADS, (System.nanoTime() - started) / 1e9, faults.attempts(), faults.injectedTotal(),
                    byKind(faults), faults.injected(), faults.surfacedTotal(), faults.surfaced(), submissions.statuses,
                    submissions.retries.get(), submissions.rejected.size(), byStatus,
                    deadLetters.keySet().stream().filter(id -> !ReliabilityOrg.settled(leads.get(id))).count(), lost,
                    messages.values().stream().mapToInt(List::size).sum(), messages.size(), duplicateMessages,
                    deadLetters);

            assertTrue(faults.injectedTotal() > 0);
            assertEquals(List.of(), lost, "leads that got a 2xx but neither settled nor sit in a dead-letter queue");
            assertEquals(List.of(), submissions.rejected, "submissions never accepted after " + CLIENT_ATTEMPTS + " attempts");
            ReliabilityOrg.assertCapacityExact(stack, leads);
        }
    }

    private static Map<String, Long> byKind(FaultInjector faults) {
        Map<String, Long> kinds = new TreeMap<>();
        for (FaultInjector.Kind kind : FaultInjector.Kind.values()) {
            kinds.put(kind.name(), faults.injected(kind));
        }
        return kinds;
    }

    /** What the client saw: lead ids answered with a 2xx, answers by status, its retries. */
    private record Submissions(Map<String, Integer> accepted, Map<Integer, Integer> statuses, AtomicInteger retries,
                               List<Integer> rejected) {
    }

    /**
     * Posts every lead from {@link #CLIENT_THREADS} threads like a website backend would: retries a 5xx (with the same
     * Idempotency-Key when it sent one: 4 in 5 do), and every 25th lead is a resubmission of the one before.
     */
    private static Submissions submitAll(LocalStack stack, String run) {
        Submissions submissions = new Submissions(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                new AtomicInteger(), Collections.synchronizedList(new ArrayList<>()));
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < LEADS; i++) {
                int lead = i;
                done.add(clients.submit(() -> submit(stack, run, lead, submissions)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            clients.shutdownNow();
        }
        return submissions;
    }

    private static void submit(LocalStack stack, String run, int i, Submissions submissions) {
        String body = ReliabilityOrg.leadBody(run, i % 25 == 24 ? i - 1 : i);
        String key = i % 5 == 4 ? null : run + "-" + i;
        for (int attempt = 1; attempt <= CLIENT_ATTEMPTS; attempt++) {
            HttpResponse<String> response = ReliabilityOrg.postLead(stack, body, key);
            submissions.statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() < 300) {
                submissions.accepted.merge(Json.parse(response.body()).path("leadId").asText(), 1, Integer::sum);
                return;
            }
            assertTrue(response.statusCode() >= 500, response.statusCode() + " " + response.body());
            submissions.retries.incrementAndGet();
            backOff(attempt);
        }
        submissions.rejected.add(i);
    }

    /** As a client would before trying again: not a wait for the stack, which is judged by awaitSettled. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(Duration.ofMillis(50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
