package dev.leadrouter.notification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.aws.SesMailer;
import dev.leadrouter.lambda.LiveHandler;
import dev.leadrouter.port.Mailer;
import java.time.Clock;

/**
 * The Lambda entry point of NotificationFunction (template.yaml): {@link NotificationHandler} with the deployment's
 * secrets and tunables as currently set, the link secret, sender address and CRM tokens included (read at run
 * time, see {@link dev.leadrouter.config.FunctionSettings}).
 */
public final class NotificationFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LiveHandler<SQSEvent, SQSBatchResponse> handler;

    public NotificationFunction() {
        this(SesMailer.fromEnvironment());
    }

    private NotificationFunction(Mailer mailer) {
        this(LiveHandler.fromEnv((ports, config) -> new NotificationHandler(ports, mailer, config,
                config.handOff(), Clock.systemUTC())));
    }

    public NotificationFunction(LiveHandler<SQSEvent, SQSBatchResponse> handler) {
        this.handler = handler;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent input, Context context) {
        return handler.handle(input, context);
    }
}
