package dev.leadrouter.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.json.Json;
import java.util.List;
import java.util.Map;

/** JSON responses in the shapes of CONTRACT.md, "3. HTTP API", errors as {"errors":[{"field","message"}]}. */
public final class HttpResponses {
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");

    private HttpResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON_HEADERS)
                .withBody(body instanceof String s ? s : Json.write(body))
                .build();
    }

    public static APIGatewayV2HTTPResponse errors(int status, List<FieldError> errors) {
        return json(status, Map.of("errors", errors));
    }

    public static APIGatewayV2HTTPResponse error(int status, String field, String message) {
        return errors(status, List.of(new FieldError(field, message)));
    }
}
