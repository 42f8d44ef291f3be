package dev.leadrouter.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One Lambda function run in this JVM. Like Lambda's execution environments, each handler instance
 * serves one invocation at a time; a new instance is made when all existing ones are busy, and an
 * idle one is reused (so per-instance caches behave as they do in AWS).
 */
public final class LambdaFunction<I, O> {
    private final String name;
    private final Supplier<? extends RequestHandler<I, O>> factory;
    private final Deque<RequestHandler<I, O>> idle = new ConcurrentLinkedDeque<>();
    private final LongAdder invocations = new LongAdder();
    private final LongAdder billedMillis = new LongAdder();

    /** Invocations so far and their durations as Lambda bills them: each rounded up to the millisecond. */
    public record Usage(long invocations, long billedMillis) {
    }

    public LambdaFunction(String name, Supplier<? extends RequestHandler<I, O>> factory) {
        this.name = name;
        this.factory = factory;
    }

    public String name() {
        return name;
    }

    public O invoke(I input) {
        RequestHandler<I, O> handler = idle.pollFirst();
        if (handler == null) {
            handler = factory.get();
        }
        long started = System.nanoTime();
        try {
            return handler.handleRequest(input, new LocalLambdaContext(name));
        } finally {
            invocations.increment();
            billedMillis.add((System.nanoTime() - started + 999_999) / 1_000_000);
            idle.offerFirst(handler);
        }
    }

    public Usage usage() {
        return new Usage(invocations.sum(), billedMillis.sum());
    }
}
