package dev.leadrouter.intake.webhooks;

import com.sun.net.httpserver.HttpServer;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Graph API client against a local stub answering as Graph does. */
class MetaGraphClientTest {
    private static final String TOKEN = "EAAGpage-token";
    private final List<URI> requests = new CopyOnWriteArrayList<>();
    private HttpServer graph;
    private volatile int status = 200;
    private volatile String answer = Payloads.text("meta-graph-lead.json");

    @BeforeEach
    void startGraph() throws IOException {
        graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        graph.createContext("/v21.0/", exchange -> {
            requests.add(exchange.getRequestURI());
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        graph.start();
    }

    @AfterEach
    void stopGraph() {
        graph.stop(0);
    }

    private MetaGraphClient client(String token) {
        return new MetaGraphClient("http://127.0.0.1:" + graph.getAddress().getPort() + "/v21.0/", token);
    }

    @Test
    void fetchesTheLeadWithTheAccessToken() {
        assertEquals(Json.parse(answer), client(TOKEN).lead("1234567890123456"));

        URI request = requests.get(0);
        assertEquals("/v21.0/1234567890123456", request.getPath());
        assertTrue(request.getQuery().contains("access_token=" + TOKEN));
        assertTrue(request.getQuery().contains("fields=" + MetaGraphClient.FIELDS));
    }

    @Test
    void theImportMapsWhatGraphAnswers() {
        MappedLead lead = new MetaLeadImport(client(TOKEN)).toLead(Payloads.json("meta-leadgen-notification.json")
                .get("entry").get(0).get("changes").get(0).get("value"));

        assertEquals("1234567890123456", lead.body().get("externalId").textValue());
        assertEquals("101234567890123", Payloads.attribute(lead.body(), "metaPageId"));
        assertEquals("meta:1234567890123456", lead.idempotencyKey());
    }

    @Test
    void anOutageIsWorthRetrying() {
        status = 503;
        answer = "<html>Service Unavailable</html>";
        assertThrows(MetaGraphClient.Unavailable.class, () -> client(TOKEN).lead("1"));

        status = 400;
        answer = """
                {"error": {"message": "(#17) User request limit reached", "type": "OAuthException", "code": 17}}""";
        assertThrows(MetaGraphClient.Unavailable.class, () -> client(TOKEN).lead("1"));

        status = 500;
        answer = """
                {"error": {"message": "An unexpected error has occurred.", "code": 2, "is_transient": true}}""";
        assertThrows(MetaGraphClient.Unavailable.class, () -> client(TOKEN).lead("1"));
    }

    @Test
    void anUnreachableGraphIsWorthRetrying() {
        graph.stop(0);

        assertThrows(MetaGraphClient.Unavailable.class, () -> client(TOKEN).lead("1"));
    }

    @Test
    void aRefusalGoesToTheDeadLetterQueueWithGraphsReasonButNotTheToken() {
        status = 400;
        answer = """
                {"error": {"message": "Malformed access token EAAGpage-token", "type": "OAuthException", "code": 190}}""";

        PermanentFailure failure = assertThrows(PermanentFailure.class, () -> client(TOKEN).lead("1"));
        String message = failure.errors().get(0).message();
        assertTrue(message.contains("HTTP 400") && message.contains("Malformed access token"), message);
        assertFalse(message.contains(TOKEN), message);

        status = 404;
        answer = """
                {"error": {"message": "Unsupported get request. Object with ID '1' does not exist", "code": 100}}""";
        assertThrows(PermanentFailure.class, () -> client(TOKEN).lead("1"));
    }

    @Test
    void withoutAnAccessTokenTheReasonIsClearAndNothingIsFetched() {
        PermanentFailure failure = assertThrows(PermanentFailure.class, () -> client(null).lead("1"));

        assertEquals("META_ACCESS_TOKEN", failure.errors().get(0).field());
        assertTrue(requests.isEmpty());
    }
}
