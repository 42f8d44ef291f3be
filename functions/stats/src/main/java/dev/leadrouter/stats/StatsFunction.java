package dev.leadrouter.stats;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.leadrouter.lambda.LiveHandler;

/**
 * The Lambda entry point of StatsFunction (template.yaml): {@link StatsHandler} on the leads table's stream, with
 * the deployment's settings as currently set (read at run time, see {@link dev.leadrouter.config.FunctionSettings}).
 */
public final class StatsFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final LiveHandler<DynamodbEvent, StreamsEventResponse> handler;

    public StatsFunction() {
        this(LiveHandler.fromEnv(StatsHandler::new));
    }

    public StatsFunction(LiveHandler<DynamodbEvent, StreamsEventResponse> handler) {
        this.handler = handler;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return handler.handle(event, context);
    }
}
