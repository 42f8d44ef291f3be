package dev.leadrouter.routing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.lambda.LiveHandler;
import java.time.Clock;

/**
 * The Lambda entry point of RoutingFunction (template.yaml): {@link RoutingHandler} with the deployment's secrets and
 * tunables as currently set (read at run time, see {@link dev.leadrouter.config.FunctionSettings}).
 */
public final class RoutingFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LiveHandler<SQSEvent, SQSBatchResponse> handler;

    public RoutingFunction() {
        this(LiveHandler.fromEnv((ports, config) -> new RoutingHandler(ports, config, config.handOff(),
                Clock.systemUTC())));
    }

    public RoutingFunction(LiveHandler<SQSEvent, SQSBatchResponse> handler) {
        this.handler = handler;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent input, Context context) {
        return handler.handle(input, context);
    }
}
