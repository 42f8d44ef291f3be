package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Sends TransactWriteItems to the embedded Dynoxide without the idempotency token the SDK adds to each one that
 * the caller gave none.
 * Dynoxide 1.2.1 keeps every token for DynamoDB's ten minutes and, on each call that carries one, walks all of them
 * to drop the expired: under sustained load a transaction costs it more with every transaction of the last ten
 * minutes (0.44 ms of CPU at first, 1.06 ms after 15,000; BENCHMARKS.md), so its CPU grows with the square of the
 * lead rate. The token only lets the SDK retry a commit whose answer was lost and be told it succeeded; without
 * it, that retry fails its conditions and the handler takes the path of a redelivered message (the commit is
 * found made), which it takes in AWS too once the SDK's retries are spent (FaultInjectionTest).
 */
final class TransactionsWithoutTokens implements ExecutionInterceptor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ClientRequestToken";

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return body(context).map(body -> context.httpRequest().toBuilder()
                .putHeader("Content-Length", Integer.toString(body.length)).build()).orElse(context.httpRequest());
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return body(context).map(RequestBody::fromBytes).or(context::requestBody);
    }

    /** The request's body without the SDK's token, for a TransactWriteItems without one of its caller's; else empty. */
    private static Optional<byte[]> body(Context.ModifyHttpRequest context) {
        // A token the caller chose (the stats function's, that makes a redelivered batch count once) stays.
        if (!(context.request() instanceof TransactWriteItemsRequest transaction)
                || transaction.clientRequestToken() != null || context.requestBody().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(withoutToken(context.requestBody().get()));
    }

    private static byte[] withoutToken(RequestBody body) {
        try (InputStream content = body.contentStreamProvider().newStream()) {
            JsonNode request = JSON.readTree(content);
            if (request instanceof ObjectNode fields) {
                fields.remove(TOKEN);
            }
            return JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException("TransactWriteItems request body unreadable", e);
        }
    }
}
