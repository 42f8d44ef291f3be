package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The local stack shared by all tests of a test run: started once on free ports with the sample
 * org, a 1 s sweep and fixed webhook secrets, and a fake Meta Graph API that serves the lead
 * answers tests register with {@link #metaLeadAnswer}.
 */
public final class TestStack {
    public static final String GOOGLE_ADS_KEY = "test-google-key";
    public static final String META_APP_SECRET = "test-meta-secret";
    public static final String META_VERIFY_TOKEN = "test-verify-token";
    public static final String META_ACCESS_TOKEN = "test-access-token";
    public static final String API_TOKEN = "test-api-token";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Map<String, String> META_LEAD_ANSWERS = new ConcurrentHashMap<>();
    private static LocalStack stack;

    private TestStack() {
    }

    /** The running stack, started on first use and stopped when the test JVM exits. */
    public static synchronized LocalStack stack() {
        if (stack == null) {
            HttpServer graphApi = startFakeMetaGraphApi();
            stack = LocalStack.start(new LocalStackOptions()
                    .port(0).dynamoDbPort(0).sqsPort(0)
                    .apiToken(API_TOKEN)
                    .sweepSeconds(1)
                    .googleAdsKey(GOOGLE_ADS_KEY)
                    .metaAppSecret(META_APP_SECRET)
                    .metaVerifyToken(META_VERIFY_TOKEN)
                    .metaAccessToken(META_ACCESS_TOKEN)
                    .metaGraphUrl("http://localhost:" + graphApi.getAddress().getPort()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                graphApi.stop(0);
            }));
        }
        return stack;
    }

    /** What the fake Graph API answers to {@code GET /{leadgenId}?access_token=test-access-token}. */
    public static void metaLeadAnswer(String leadgenId, String json) {
        META_LEAD_ANSWERS.put(leadgenId, json);
    }

    public static HttpResponse<String> post(String path, String json, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    /** {@link #post} with the API token. */
    public static HttpResponse<String> postAuthenticated(String path, String json, String... headers) {
        return send(request(path, headers).header("authorization", "Bearer " + stack().apiToken())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@link #get} with the API token. */
    public static HttpResponse<String> getAuthenticated(String path, String... headers) {
        return send(request(path, headers).header("authorization", "Bearer " + stack().apiToken()).GET().build());
    }

    /** Polls {@code GET /leads/{leadId}} until the lead has {@code status}; returns the lead. */
    public static JsonNode awaitStatus(String leadId, String status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpResponse<String> last;
        do {
            last = getAuthenticated("/leads/" + leadId);
            if (last.statusCode() == 200) {
                JsonNode lead = Json.parse(last.body());
                if (status.equals(lead.path("status").asText())) {
                    return lead;
                }
            }
            sleep(Duration.ofMillis(100));
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("lead " + leadId + " did not reach " + status + " within " + timeout
                + "; last answer " + last.statusCode() + " " + last.body());
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack().apiUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json");
        // Given headers replace the defaults, so a test can send another content type.
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer startFakeMetaGraphApi() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String leadgenId = exchange.getRequestURI().getPath().substring(1);
                    String query = exchange.getRequestURI().getQuery();
                    String answer = META_LEAD_ANSWERS.get(leadgenId);
                    int status = query == null || !query.contains("access_token=" + META_ACCESS_TOKEN) ? 401
                            : answer == null ? 404 : 200;
                    byte[] body = (status == 200 ? answer
                            : "{\"error\":{\"message\":\"fake Graph API: " + status + "\"}}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("content-type", "application/json");
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
