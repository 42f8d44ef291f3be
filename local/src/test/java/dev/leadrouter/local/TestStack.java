package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
    public static final String JWT_SECRET = "test-jwt-secret";

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
                    .functionCredentials(true)
                    .apiToken(API_TOKEN)
                    .jwtSecret(JWT_SECRET)
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

    /** The API of the shared stack. */
    public static ApiClient api() {
        return ApiClient.of(stack());
    }

    public static HttpResponse<String> post(String path, String json, String... headers) {
        return api().post(path, json, headers);
    }

    public static HttpResponse<String> get(String path, String... headers) {
        return api().get(path, headers);
    }

    /** {@link #post} with the API token. */
    public static HttpResponse<String> postAuthenticated(String path, String json, String... headers) {
        return api().postAuthenticated(path, json, headers);
    }

    /** {@link #get} with the API token. */
    public static HttpResponse<String> getAuthenticated(String path, String... headers) {
        return api().getAuthenticated(path, headers);
    }

    /** Polls {@code GET /leads/{leadId}} until the lead has {@code status}; returns the lead. */
    public static JsonNode awaitStatus(String leadId, String status, Duration timeout) {
        return api().awaitStatus(leadId, status, timeout);
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            ApiClient.pause(Duration.ofMillis(100));
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
}
