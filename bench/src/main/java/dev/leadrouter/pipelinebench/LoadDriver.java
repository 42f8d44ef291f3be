package dev.leadrouter.pipelinebench;

import dev.leadrouter.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Posts lead forms like websites do: open loop, each lead at its own scheduled time whatever the
 * answers of the earlier ones, with at most {@code concurrency} requests in flight. A send that had
 * to wait for a free slot is counted: it means the offered rate was not really offered.
 */
final class LoadDriver {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** One form post: when it was sent (wall clock, shared with the stack), how long the answer took, what it said. */
    record Submission(int n, Instant sentAt, double latencyMillis, int status, String leadId, boolean waitedForSlot) {
        boolean accepted() {
            return status == 202 && leadId != null;
        }
    }

    private final HttpClient http;
    private final URI leadsUrl;

    LoadDriver(HttpClient http, URI apiUrl) {
        this.http = http;
        this.leadsUrl = apiUrl.resolve("/leads");
    }

    /** Posts {@code count} leads (bodies numbered from {@code first}) at {@code rate} per second; waits for every answer. */
    List<Submission> drive(IntFunction<String> body, int first, int count, double rate, int concurrency) {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Submission>> answers = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1_000_000_000L / rate);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean waited = !slots.tryAcquire();
            if (waited) {
                slots.acquireUninterruptibly();
            }
            answers.add(post(first + i, body.apply(first + i), waited).whenComplete((answer, error) -> slots.release()));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** Posts one lead and waits for the answer. */
    Submission postAndWait(int n, String body) {
        return post(n, body, false).join();
    }

    private CompletableFuture<Submission> post(int n, String body, boolean waited) {
        HttpRequest request = HttpRequest.newBuilder(leadsUrl).timeout(REQUEST_TIMEOUT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Instant sentAt = Instant.now();
        long started = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    double millis = (System.nanoTime() - started) / 1e6;
                    if (error != null) {
                        return new Submission(n, sentAt, millis, -1, null, waited);
                    }
                    String leadId = null;
                    if (response.statusCode() / 100 == 2) {
                        var id = Json.parse(response.body()).path("leadId");
                        leadId = id.isTextual() ? id.asText() : null;
                    }
                    return new Submission(n, sentAt, millis, response.statusCode(), leadId, waited);
                });
    }
}
