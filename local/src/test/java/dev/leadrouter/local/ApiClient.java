package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** HTTP calls to one local stack's API, as a browser or an ops tool would make them. */
public record ApiClient(URI apiUrl, String apiToken) {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static ApiClient of(LocalStack stack) {
        return new ApiClient(stack.apiUrl(), stack.apiToken());
    }

    /** POSTs JSON; {@code headers} (name, value, ...) are set on top, so they may replace the content type. */
    public HttpResponse<String> post(String path, String json, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    /** {@link #post} with the API token. */
    public HttpResponse<String> postAuthenticated(String path, String json, String... headers) {
        return send(request(path, headers).setHeader("authorization", "Bearer " + apiToken)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@link #get} with the API token. */
    public HttpResponse<String> getAuthenticated(String path, String... headers) {
        return send(request(path, headers).setHeader("authorization", "Bearer " + apiToken).GET());
    }

    /** Polls {@code GET /leads/{leadId}} until the lead has {@code status}; returns the lead. */
    public JsonNode awaitStatus(String leadId, String status, Duration timeout) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try {
            HttpResponse<String> reached = Awaitility.await("lead " + leadId + " reaches " + status)
                    .atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> getAuthenticated("/leads/" + leadId), answer -> {
                        last.set(answer);
                        return answer.statusCode() == 200 && status.equals(Json.parse(answer.body()).path("status").asText());
                    });
            return Json.parse(reached.body());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("lead " + leadId + " did not reach " + status + " within " + timeout
                    + "; last answer " + last.get().statusCode() + " " + last.get().body(), e);
        }
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(apiUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    /** Sends a request with the tests' shared HTTP client. */
    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
