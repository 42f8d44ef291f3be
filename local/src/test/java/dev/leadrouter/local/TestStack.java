package dev.leadrouter.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local stack shared by all tests of a test run (tests get it from {@link StackExtension}): started once on free ports with the sample
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
    private static final Map<String, AtomicInteger> META_LEAD_REQUESTS = new ConcurrentHashMap<>();
    private static LocalStack stack;

    private TestStack() {
    }

    /** The running stack, started on first use and stopped when the test JVM exits. */
    static synchronized LocalStack stack() {
        if (stack == null) {
            HttpServer graphApi = startFakeMetaGraphApi();
            stack = LocalStack.start(StackExtension.freePorts()
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

    /** How often the fake Graph API was asked for {@code leadgenId}. */
    public static int metaLeadRequests(String leadgenId) {
        AtomicInteger requests = META_LEAD_REQUESTS.get(leadgenId);
        return requests == null ? 0 : requests.get();
    }

    private static HttpServer startFakeMetaGraphApi() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String leadgenId = exchange.getRequestURI().getPath().substring(1);
                    String query = exchange.getRequestURI().getQuery();
                    String answer = META_LEAD_ANSWERS.get(leadgenId);
                    META_LEAD_REQUESTS.computeIfAbsent(leadgenId, id -> new AtomicInteger()).incrementAndGet();
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
