package dev.leadrouter.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.sqs.model.RequestThrottledException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Fails a share of SDK call attempts the way AWS does under load. Each attempt (the SDK's own retries
 * included) is failed with probability {@code share}, by one of three kinds: throttled or a 5xx before
 * the request is sent (nothing happened), or a 5xx after the service answered 2xx (it happened, the
 * caller is told it did not: the ambiguous case). Counts what it injected and what reached the caller.
 */
final class FaultInjector implements ExecutionInterceptor {
    enum Kind { THROTTLED_BEFORE_SEND, SERVER_ERROR_BEFORE_SEND, SERVER_ERROR_AFTER_APPLIED }

    private final double share;
    private final Random random;
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> surfaced = new ConcurrentHashMap<>();
    private final AtomicLong attempts = new AtomicLong();
    private volatile boolean enabled = true;

    FaultInjector(double share, long seed) {
        this.share = share;
        this.random = new Random(seed);
    }

    /** Stops injecting (the counts stay). */
    void disable() {
        enabled = false;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.incrementAndGet();
        Kind kind = draw();
        if (kind == Kind.THROTTLED_BEFORE_SEND || kind == Kind.SERVER_ERROR_BEFORE_SEND) {
            throw fault(kind, context.request(), attributes);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.httpResponse().isSuccessful() && draw() == Kind.SERVER_ERROR_AFTER_APPLIED) {
            context.responseBody().ifPresent(FaultInjector::closeQuietly);
            throw fault(Kind.SERVER_ERROR_AFTER_APPLIED, context.request(), attributes);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception().getMessage() != null && context.exception().getMessage().startsWith("injected")) {
            count(surfaced, operation(attributes));
        }
    }

    /** A kind with probability {@code share} (split 40/30/30), else null; before-send kinds only from beforeTransmission. */
    private Kind draw() {
        if (!enabled) {
            return null;
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll >= share) {
            return null;
        }
        double within = roll / share;
        return within < 0.4 ? Kind.THROTTLED_BEFORE_SEND
                : within < 0.7 ? Kind.SERVER_ERROR_BEFORE_SEND
                : Kind.SERVER_ERROR_AFTER_APPLIED;
    }

    private AwsServiceException fault(Kind kind, SdkRequest request, ExecutionAttributes attributes) {
        String operation = operation(attributes);
        count(injected, kind + " " + operation);
        boolean dynamo = request instanceof DynamoDbRequest;
        boolean throttled = kind == Kind.THROTTLED_BEFORE_SEND;
        int status = throttled ? 400 : 500;
        String code = throttled ? (dynamo ? "ProvisionedThroughputExceededException" : "RequestThrottled")
                : (dynamo ? "InternalServerError" : "InternalError");
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage("injected " + kind)
                .serviceName(dynamo ? "DynamoDB" : "SQS")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
        AwsServiceException.Builder builder = dynamo
                ? (throttled ? ProvisionedThroughputExceededException.builder() : InternalServerErrorException.builder())
                : (throttled ? RequestThrottledException.builder() : SqsException.builder());
        return builder.message("injected " + kind + " on " + operation).statusCode(status)
                .awsErrorDetails(details).build();
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    private static void count(Map<String, AtomicLong> counts, String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    long attempts() {
        return attempts.get();
    }

    /** Faults injected, by kind and operation. */
    Map<String, Long> injected() {
        return snapshot(injected);
    }

    /** Calls that failed with an injected fault after the SDK's retries, by operation. */
    Map<String, Long> surfaced() {
        return snapshot(surfaced);
    }

    long injectedTotal() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long surfacedTotal() {
        return surfaced.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Injected faults of one kind. */
    long injected(Kind kind) {
        return injected.entrySet().stream().filter(e -> e.getKey().startsWith(kind + " "))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, value) -> copy.put(key, value.get()));
        return copy;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the fault replaces the answer anyway
        }
    }
}
