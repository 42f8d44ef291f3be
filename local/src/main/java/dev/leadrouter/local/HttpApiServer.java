package dev.leadrouter.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.leadrouter.json.Json;
import dev.leadrouter.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API as API Gateway (HTTP API, payload format 2.0) presents it to Lambda: each request
 * becomes an {@link APIGatewayV2HTTPEvent} for the function of its route, and the function's
 * {@link APIGatewayV2HTTPResponse} is written back. Authenticated routes check a bearer token first,
 * standing in for the JWT authorizer: the API token (scope ops) or an HS256 JWT, whose claims reach the
 * function in {@code requestContext.authorizer.jwt} as API Gateway puts them.
 */
public final class HttpApiServer implements AutoCloseable {
    /** What the local stack accepts at most; the functions enforce the smaller limit of CONTRACT.md, "3. HTTP API". */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How much of a too large body is read past the limit before the connection is dropped. */
    private static final long DISCARD_BYTES = 16L * 1024 * 1024;
    public static final String TOKEN_SUBJECT = "local-api-token";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Log LOG = Log.of(HttpApiServer.class);

    /** A route of the API: {@code path} segments in braces ("/leads/{leadId}") are path parameters. */
    public record Route(String method, String path, boolean authenticated,
                        LambdaFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function) {
        String routeKey() {
            return method + " " + path;
        }

        /** The path parameters when {@code rawPath} fits this route's path, else null. */
        Map<String, String> match(String rawPath) {
            String[] expected = path.split("/", -1);
            String[] actual = rawPath.split("/", -1);
            if (expected.length != actual.length) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < expected.length; i++) {
                if (expected[i].startsWith("{") && expected[i].endsWith("}")) {
                    if (actual[i].isEmpty()) {
                        return null;
                    }
                    parameters.put(expected[i].substring(1, expected[i].length() - 1), decode(actual[i]));
                } else if (!expected[i].equals(actual[i])) {
                    return null;
                }
            }
            return parameters;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final byte[] apiToken;
    private final Hs256Jwt jwt;

    private HttpApiServer(HttpServer server, ExecutorService executor, List<Route> routes, String apiToken,
                          Hs256Jwt jwt) {
        this.server = server;
        this.executor = executor;
        this.routes = List.copyOf(routes);
        this.apiToken = apiToken.getBytes(StandardCharsets.UTF_8);
        this.jwt = jwt;
    }

    /** Serves {@code routes} on localhost:{@code port} (0 picks a free one), with the API token only. */
    public static HttpApiServer start(int port, String apiToken, List<Route> routes) {
        return start(port, apiToken, null, routes);
    }

    /**
     * Serves {@code routes} on localhost:{@code port} (0 picks a free one); authenticated routes take the
     * API token (scope ops) or an HS256 JWT signed with {@code jwtSecret} (null: none).
     */
    public static HttpApiServer start(int port, String apiToken, String jwtSecret, List<Route> routes) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            HttpApiServer api = new HttpApiServer(server, executor, routes, apiToken,
                    jwtSecret == null ? null : new Hs256Jwt(jwtSecret, java.time.Clock.systemUTC()));
            server.setExecutor(executor);
            server.createContext("/", api::handle);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the API on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://localhost:" + port());
    }

    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                respond(exchange);
            } catch (RuntimeException e) {
                LOG.error("request failed", e, "method", exchange.getRequestMethod());
                if (exchange.getResponseCode() == -1) {
                    sendError(exchange, 500, null, "internal error");
                }
            }
        } catch (IOException e) {
            LOG.warn("response not sent", "error", e.getMessage());
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        // Read before any answer: a body left unread makes the server drop the connection, which a
        // client reusing it sees as a reset instead of the answer to its next request.
        byte[] body = readBody(exchange);
        if (body == null) {
            exchange.getResponseHeaders().set("connection", "close");
            sendError(exchange, 413, null, "request body larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        List<Route> onPath = routes.stream().filter(route -> route.match(rawPath) != null).toList();
        if (onPath.isEmpty()) {
            sendError(exchange, 404, null, "no route for " + rawPath);
            return;
        }
        Route route = onPath.stream().filter(r -> r.method().equals(method)).findFirst().orElse(null);
        if (route == null) {
            exchange.getResponseHeaders().set("allow", String.join(", ", onPath.stream().map(Route::method).toList()));
            sendError(exchange, 405, null, method + " is not allowed on " + rawPath);
            return;
        }
        Hs256Jwt.Verified token = route.authenticated() ? authenticate(exchange.getRequestHeaders()) : null;
        if (route.authenticated() && token == null) {
            exchange.getResponseHeaders().set("www-authenticate", "Bearer");
            sendError(exchange, 401, "authorization", "missing or invalid bearer token");
            return;
        }
        APIGatewayV2HTTPEvent event = event(exchange, route, rawPath, route.match(rawPath), body, token);
        APIGatewayV2HTTPResponse response;
        try {
            response = route.function().invoke(event);
        } catch (RuntimeException e) {
            LOG.error("function failed", e, "function", route.function().name(), "routeKey", route.routeKey(),
                    "requestId", event.getRequestContext().getRequestId());
            sendError(exchange, 500, null, "internal error");
            return;
        }
        if (response == null || response.getStatusCode() < 100 || response.getStatusCode() > 599) {
            LOG.error("function returned no valid response", null, "function", route.function().name(),
                    "routeKey", route.routeKey());
            sendError(exchange, 500, null, "internal error");
            return;
        }
        send(exchange, response);
    }

    /**
     * The body, or null when it is larger than {@link #MAX_BODY_BYTES}. The rest of a larger body is read
     * and dropped (up to {@link #DISCARD_BYTES}): a client still sending it would otherwise see its upload
     * reset instead of the 413.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length <= MAX_BODY_BYTES) {
                return body;
            }
            byte[] buffer = new byte[64 * 1024];
            long discarded = 0;
            int read;
            while (discarded < DISCARD_BYTES && (read = in.read(buffer)) > 0) {
                discarded += read;
            }
            return null;
        }
    }

    /** The bearer's claims: the API token's (scope ops) or a valid JWT's; null when neither. */
    private Hs256Jwt.Verified authenticate(Headers headers) {
        String authorization = headers.getFirst("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String presented = authorization.substring(7).trim();
        if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), apiToken)) {
            return API_TOKEN_CLAIMS;
        }
        return jwt == null ? null : jwt.verify(presented).orElse(null);
    }

    /** What the API token stands for: an ops identity. */
    private static final Hs256Jwt.Verified API_TOKEN_CLAIMS = new Hs256Jwt.Verified(
            Map.of("sub", TOKEN_SUBJECT, "iss", "lead-router-local", "scope", "ops"), List.of("ops"));

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, Route route, String rawPath,
                                               Map<String, String> pathParameters, byte[] body,
                                               Hs256Jwt.Verified token) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String header = name.toLowerCase(Locale.ROOT);
            if (header.equals("cookie")) {
                values.forEach(value -> cookies.addAll(splitCookies(value)));
            } else {
                headers.put(header, String.join(",", values));
            }
        });
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Instant now = Instant.now();
        String host = headers.getOrDefault("host", "localhost");

        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(route.method())
                .withPath(rawPath)
                .withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.get("user-agent"))
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId(LocalStack.ACCOUNT_ID)
                .withApiId("local")
                .withDomainName(host.replaceFirst(":\\d+$", ""))
                .withDomainPrefix("local")
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey(route.routeKey())
                .withStage("$default")
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .withHttp(http)
                .build();
        if (token != null) {
            context.setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(token.claims())
                            .withScopes(token.scopes())
                            .build())
                    .build());
        }

        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withQueryStringParameters(queryParameters(rawQuery))
                .withHeaders(headers)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context)
                .build();
        if (body.length > 0) {
            String text = utf8(body);
            event.setIsBase64Encoded(text == null);
            event.setBody(text == null ? Base64.getEncoder().encodeToString(body) : text);
        }
        return event;
    }

    private static List<String> splitCookies(String header) {
        List<String> cookies = new ArrayList<>();
        for (String cookie : header.split(";")) {
            if (!cookie.isBlank()) {
                cookies.add(cookie.trim());
            }
        }
        return cookies;
    }

    /** Query parameters decoded, repeated names joined with commas (as API Gateway does); null when there are none. */
    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** The bytes as text, or null when they are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(headers::set);
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> headers.add("set-cookie", cookie));
        }
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0 && !headers.containsKey("content-type")) {
            headers.set("content-type", "application/json");
        }
        sendBody(exchange, response.getStatusCode(), body);
    }

    private static void sendError(HttpExchange exchange, int status, String field, String message) throws IOException {
        ObjectNode error = Json.object();
        error.put("field", field);
        error.put("message", message);
        ObjectNode body = Json.object();
        body.putArray("errors").add(error);
        exchange.getResponseHeaders().set("content-type", "application/json");
        sendBody(exchange, status, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBody(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }
}
