package dev.leadrouter.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** A null-safe view of an API Gateway HTTP API (v2) request. */
public final class ApiRequest {
    /** The body limit of CONTRACT.md, "3. HTTP API" (413 over 32 KiB). */
    public static final int MAX_BODY_BYTES = 32 * 1024;

    private final APIGatewayV2HTTPEvent event;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event == null ? new APIGatewayV2HTTPEvent() : event;
    }

    public String method() {
        var context = event.getRequestContext();
        if (context != null && context.getHttp() != null && context.getHttp().getMethod() != null) {
            return context.getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        String routeKey = event.getRouteKey();
        return routeKey != null && routeKey.contains(" ") ? routeKey.substring(0, routeKey.indexOf(' ')) : "GET";
    }

    public String path() {
        String path = event.getRawPath();
        if (path == null && event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
            path = event.getRequestContext().getHttp().getPath();
        }
        if (path == null) {
            return "/";
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    public String query(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? null : query.get(name);
    }

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? null : parameters.get(name);
    }

    public byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                return body.getBytes(StandardCharsets.UTF_8);
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The parsed JSON body, or the 413 / 415 / 400 answer of CONTRACT.md, "3. HTTP API", explaining why there is none. */
    public sealed interface JsonBody {
    }

    public record Parsed(JsonNode json, byte[] raw) implements JsonBody {
    }

    public record Rejected(APIGatewayV2HTTPResponse response) implements JsonBody {
    }

    public JsonBody jsonBody() {
        byte[] raw = bodyBytes();
        if (raw.length > MAX_BODY_BYTES) {
            return new Rejected(HttpResponses.error(413, "body", "body is larger than 32 KiB"));
        }
        String contentType = header("content-type");
        if (contentType == null || !isJson(contentType)) {
            return new Rejected(HttpResponses.error(415, "content-type",
                    "content type must be application/json, was " + (contentType == null ? "missing" : contentType)));
        }
        if (raw.length == 0) {
            return new Rejected(HttpResponses.error(400, "body", "body is empty"));
        }
        try {
            return new Parsed(Json.parseStrict(raw), raw);
        } catch (JsonProcessingException e) {
            return new Rejected(HttpResponses.error(400, "body", "body is not valid JSON: "
                    + e.getOriginalMessage().replaceAll("[\\r\\n]+", " ")));
        } catch (java.io.IOException e) {
            return new Rejected(HttpResponses.error(400, "body", "body could not be read"));
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }
}
