package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * Fetches a Meta lead's answers from the Graph API: {@code GET {graph-url}/{leadgen_id}} with the page
 * access token. Whether a failure is worth retrying decides where the import message goes: an outage
 * ({@link Unavailable}) is retried by SQS, a refusal ({@link PermanentFailure}) goes to the dead-letter
 * queue at once with Graph's reason.
 */
public class MetaGraphClient {
    static final String FIELDS = "id,created_time,ad_id,form_id,campaign_id,is_organic,platform,field_data";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_REASON_LENGTH = 300;
    /** Graph error codes of throttling and temporary trouble, sent with HTTP 400 or 403. */
    private static final Set<Integer> TRANSIENT_ERROR_CODES = Set.of(1, 2, 4, 17, 32, 341, 613, 80001);

    /** The Graph API did not answer, or answered that it may later: worth retrying. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String graphUrl;
    private final String accessToken;

    public MetaGraphClient(String graphUrl, String accessToken) {
        this.graphUrl = graphUrl.endsWith("/") ? graphUrl.substring(0, graphUrl.length() - 1) : graphUrl;
        this.accessToken = accessToken;
    }

    /** The Graph lead {@code {id, created_time, ad_id, form_id, campaign_id, field_data: [{name, values}]}}. */
    public JsonNode lead(String leadgenId) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new PermanentFailure("META_ACCESS_TOKEN", "no Meta page access token is configured, so lead "
                    + leadgenId + " cannot be fetched; configure one and redrive this message");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(graphUrl + "/" + leadgenId + "?fields=" + FIELDS
                        + "&access_token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8)))
                .timeout(TIMEOUT)
                .header("accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("Graph API request for lead " + leadgenId + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while fetching lead " + leadgenId + " from the Graph API", e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status == 200 && body != null && body.isObject()) {
            return body;
        }
        String reason = "Graph API answered HTTP " + status + " for lead " + leadgenId + reason(body);
        if (status == 200 || status == 429 || status >= 500 || isTransient(body)) {
            throw new Unavailable(reason, null);
        }
        throw new PermanentFailure("leadgen_id", reason);
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : Json.parse(text);
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    private static boolean isTransient(JsonNode body) {
        JsonNode error = body == null ? null : body.get("error");
        return error != null && (error.path("is_transient").asBoolean(false)
                || TRANSIENT_ERROR_CODES.contains(error.path("code").asInt(-1)));
    }

    /** Graph's own message, without the access token some messages repeat. */
    private String reason(JsonNode body) {
        String message = body == null ? null : body.path("error").path("message").asText(null);
        if (message == null) {
            return "";
        }
        String safe = message.replace(accessToken, "***");
        return ": " + (safe.length() > MAX_REASON_LENGTH ? safe.substring(0, MAX_REASON_LENGTH) + "..." : safe);
    }
}
