package dev.leadrouter.qualification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.lambda.LiveHandler;
import java.time.Clock;

/**
 * The Lambda entry point of QualificationFunction (template.yaml): {@link QualificationHandler} with the deployment's secrets and
 * tunables as currently set (read at run time, see {@link dev.leadrouter.config.FunctionSettings}).
 */
public final class QualificationFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LiveHandler<SQSEvent, SQSBatchResponse> handler;

    public QualificationFunction() {
        this(LiveHandler.fromEnv((ports, config) -> new QualificationHandler(ports, config, Clock.systemUTC())));
    }

    public QualificationFunction(LiveHandler<SQSEvent, SQSBatchResponse> handler) {
        this.handler = handler;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent input, Context context) {
        return handler.handle(input, context);
    }
}
