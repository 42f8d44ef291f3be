package dev.leadrouter.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.lambda.LiveHandler;
import java.time.Clock;

/**
 * The Lambda entry point of CrmImportFunction (template.yaml): {@link CrmImportHandler} with the deployment's secrets and
 * tunables as currently set (read at run time, see {@link dev.leadrouter.config.FunctionSettings}).
 */
public final class CrmImportFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LiveHandler<SQSEvent, SQSBatchResponse> handler;

    public CrmImportFunction() {
        this(LiveHandler.fromEnv((ports, config) -> new CrmImportHandler(ports, config, Clock.systemUTC())));
    }

    public CrmImportFunction(LiveHandler<SQSEvent, SQSBatchResponse> handler) {
        this.handler = handler;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent input, Context context) {
        return handler.handle(input, context);
    }
}
