package dev.leadrouter.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Stand-ins for the outside services the hand-off talks to (Slack, Teams, a webhook receiver, SES, the CRMs)
 * on 127.0.0.1: every request is recorded with the time it arrived, and each path prefix answers as a test
 * tells it to (by default 200 with an empty JSON object).
 */
final class StubEndpoints implements AutoCloseable {

    /** One request as received. */
    record Received(String method, String path, Map<String, List<String>> headers, String body, Instant at) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** How a path prefix answers. */
    record Answer(int status, String body, Duration delay) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    StubEndpoints() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests whose path starts with {@code prefix} answer {@code status} with {@code body} after {@code delay}. */
    void answer(String prefix, int status, String body, Duration delay) {
        answers.put(prefix, new Answer(status, body, delay));
    }

    List<Received> received(Predicate<Received> matching) {
        return received.stream().filter(matching).toList();
    }

    /** The first request matching, waiting up to {@code timeout} for it. */
    Received await(Predicate<Received> matching, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Received> found = received(matching);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            ApiClient.pause(Duration.ofMillis(20));
        }
        throw new AssertionError("no matching request within " + timeout + "; received: "
                + received.stream().map(r -> r.method() + " " + r.path()).toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()),
                    body, Instant.now()));
            Answer answer = answers.entrySet().stream().filter(e -> path.startsWith(e.getKey()))
                    .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length())))
                    .map(Map.Entry::getValue).orElse(new Answer(200, "{}", Duration.ZERO));
            if (!answer.delay().isZero()) {
                ApiClient.pause(answer.delay());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.status() == 204 || bytes.length == 0 ? -1 : bytes.length);
            if (answer.status() != 204 && bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException clientGone) {
            // the caller timed out (a hanging answer): nothing to send
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
