package dev.leadrouter.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.leadrouter.lambda.LiveHandler;
import java.time.Clock;

/**
 * The Lambda entry point of LeadApiFunction (template.yaml): {@link LeadApiHandler} with the deployment's secrets and
 * tunables as currently set (read at run time, see {@link dev.leadrouter.config.FunctionSettings}).
 */
public final class LeadApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final LiveHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

    public LeadApiFunction() {
        this(LiveHandler.fromEnv((ports, config) -> new LeadApiHandler(ports, config, config.handOff(),
                Clock.systemUTC())));
    }

    public LeadApiFunction(LiveHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        this.handler = handler;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent input, Context context) {
        return handler.handle(input, context);
    }
}
