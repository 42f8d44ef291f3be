package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP front on its own, with functions that record their event or answer as a test says. */
class HttpApiServerTest {
    private static final String TOKEN = "the-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicReference<APIGatewayV2HTTPEvent> LAST_EVENT = new AtomicReference<>();
    private static final AtomicReference<APIGatewayV2HTTPResponse> NEXT_RESPONSE = new AtomicReference<>();
    private static HttpApiServer server;
    private static final String JWT_SECRET = "server-test-secret";

    @BeforeAll
    static void start() {
        var recorder = new LambdaFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>("Recorder", () -> (event, context) -> {
            LAST_EVENT.set(event);
            APIGatewayV2HTTPResponse response = NEXT_RESPONSE.get();
            if (response == null) {
                throw new IllegalStateException("secret detail that must not leak");
            }
            return response;
        });
        server = HttpApiServer.start(0, TOKEN, JWT_SECRET, List.of(
                new HttpApiServer.Route("POST", "/leads", false, recorder),
                new HttpApiServer.Route("GET", "/leads/{leadId}", true, recorder),
                new HttpApiServer.Route("POST", "/leads/{leadId}/accept", true, recorder)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        LAST_EVENT.set(null);
        NEXT_RESPONSE.set(APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("{}").build());
    }

    @Test
    void turnsTheRequestIntoAnHttpApiV2Event() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/leads/lead%201/accept?x=1&x=2&name=J%C3%BCrgen&flag"))
                .header("authorization", "Bearer " + TOKEN)
                .header("X-Multi", "a").header("X-Multi", "b")
                .header("Cookie", "session=abc; theme=dark")
                .header("User-Agent", "tests/1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"repId\":\"r-anna\",\"note\":\"grüße\"}")));
        assertEquals(200, response.statusCode());

        APIGatewayV2HTTPEvent event = LAST_EVENT.get();
        assertEquals("2.0", event.getVersion());
        assertEquals("POST /leads/{leadId}/accept", event.getRouteKey());
        assertEquals("/leads/lead%201/accept", event.getRawPath());
        assertEquals("x=1&x=2&name=J%C3%BCrgen&flag", event.getRawQueryString());
        assertEquals(Map.of("x", "1,2", "name", "Jürgen", "flag", ""), event.getQueryStringParameters());
        assertEquals(Map.of("leadId", "lead 1"), event.getPathParameters());
        assertEquals("a,b", event.getHeaders().get("x-multi"));
        assertEquals("tests/1.0", event.getHeaders().get("user-agent"));
        assertFalse(event.getHeaders().containsKey("cookie"));
        assertEquals(List.of("session=abc", "theme=dark"), event.getCookies());
        assertEquals("{\"repId\":\"r-anna\",\"note\":\"grüße\"}", event.getBody());
        assertFalse(event.getIsBase64Encoded());

        var context = event.getRequestContext();
        assertEquals("POST", context.getHttp().getMethod());
        assertEquals("/leads/lead%201/accept", context.getHttp().getPath());
        assertEquals("HTTP/1.1", context.getHttp().getProtocol());
        assertEquals("127.0.0.1", context.getHttp().getSourceIp());
        assertEquals("tests/1.0", context.getHttp().getUserAgent());
        assertEquals("POST /leads/{leadId}/accept", context.getRouteKey());
        assertEquals("$default", context.getStage());
        assertEquals("localhost", context.getDomainName());
        assertNotNull(context.getRequestId());
        assertTrue(context.getTime().matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"), context.getTime());
        assertTrue(Math.abs(System.currentTimeMillis() - context.getTimeEpoch()) < 60_000);
        assertEquals(HttpApiServer.TOKEN_SUBJECT, context.getAuthorizer().getJwt().getClaims().get("sub"));
    }

    @Test
    void theApiTokenIsScopeOpsAndAJwtsClaimsReachTheEventAsTheAuthorizerPutsThem() throws Exception {
        send(HttpRequest.newBuilder(url("/leads/l-1")).header("authorization", "Bearer " + TOKEN).GET());
        var tokenJwt = LAST_EVENT.get().getRequestContext().getAuthorizer().getJwt();
        assertEquals("ops", tokenJwt.getClaims().get("scope"));
        assertEquals(List.of("ops"), tokenJwt.getScopes());

        String jwt = new Hs256Jwt(JWT_SECRET, java.time.Clock.systemUTC()).sign(java.util.Map.of(
                "sub", "u-1", "email", "anna@example.com", "scope", "openid ops",
                "cognito:groups", List.of("sales", "ops"), "exp", java.time.Instant.now().getEpochSecond() + 60));
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/leads/l-1"))
                .header("authorization", "Bearer " + jwt).GET());
        assertEquals(200, response.statusCode());
        var claims = LAST_EVENT.get().getRequestContext().getAuthorizer().getJwt();
        assertEquals("anna@example.com", claims.getClaims().get("email"));
        assertEquals("[sales ops]", claims.getClaims().get("cognito:groups"));
        assertEquals(List.of("openid", "ops"), claims.getScopes());

        LAST_EVENT.set(null);
        String forged = new Hs256Jwt("other-secret", java.time.Clock.systemUTC()).sign(java.util.Map.of(
                "sub", "u-1", "scope", "ops", "exp", java.time.Instant.now().getEpochSecond() + 60));
        assertEquals(401, send(HttpRequest.newBuilder(url("/leads/l-1")).header("authorization", "Bearer " + forged)
                .GET()).statusCode());
        assertNull(LAST_EVENT.get(), "a rejected token never reaches the function");
    }

    @Test
    void publicRoutesGetNoAuthorizerAndBinaryBodiesComeBase64Encoded() throws Exception {
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};
        send(HttpRequest.newBuilder(url("/leads")).POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)));
        APIGatewayV2HTTPEvent event = LAST_EVENT.get();
        assertTrue(event.getIsBase64Encoded());
        assertEquals(Base64.getEncoder().encodeToString(notUtf8), event.getBody());
        assertNull(event.getRequestContext().getAuthorizer());
        assertNull(event.getPathParameters());
        assertNull(event.getQueryStringParameters());
        assertEquals("", event.getRawQueryString());
    }

    @Test
    void writesBackTheFunctionsResponse() throws Exception {
        NEXT_RESPONSE.set(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(202)
                .withHeaders(Map.of("content-type", "application/json", "x-request", "r1"))
                .withCookies(List.of("a=1; Path=/"))
                .withBody(Base64.getEncoder().encodeToString("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true)
                .build());
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/leads")).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(202, response.statusCode());
        assertEquals("{\"ok\":true}", response.body());
        assertEquals("r1", response.headers().firstValue("x-request").orElseThrow());
        assertEquals("a=1; Path=/", response.headers().firstValue("set-cookie").orElseThrow());
    }

    @Test
    void aFailingFunctionGivesA500WithoutDetails() throws Exception {
        NEXT_RESPONSE.set(null);
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/leads")).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(500, response.statusCode());
        assertEquals("{\"errors\":[{\"field\":null,\"message\":\"internal error\"}]}", response.body());
    }

    @Test
    void checksTheBearerTokenBeforeCallingTheFunction() throws Exception {
        assertEquals(401, send(HttpRequest.newBuilder(url("/leads/x")).GET()).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(url("/leads/x")).header("authorization", "Bearer nope").GET()).statusCode());
        assertNull(LAST_EVENT.get());
        assertEquals(200, send(HttpRequest.newBuilder(url("/leads/x")).header("authorization", "bearer " + TOKEN).GET()).statusCode());
        assertEquals(Map.of("leadId", "x"), LAST_EVENT.get().getPathParameters());
    }

    @Test
    void refusesBodiesOverOneMebibyteWithoutCallingTheFunction() throws Exception {
        byte[] large = new byte[HttpApiServer.MAX_BODY_BYTES + 1];
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/leads")).POST(HttpRequest.BodyPublishers.ofByteArray(large)));
        assertEquals(413, response.statusCode());
        assertNull(LAST_EVENT.get());
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertEquals(404, send(HttpRequest.newBuilder(url("/nothing"))).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(url("/leads/"))).statusCode());
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(url("/leads")).DELETE());
        assertEquals(405, wrongMethod.statusCode());
        assertNull(LAST_EVENT.get());
    }

    private static URI url(String path) {
        return URI.create(server.url() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
