package dev.leadrouter.routing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.leadrouter.lambda.LiveHandler;
import java.time.Clock;
import java.util.Map;

/**
 * The Lambda entry point of SweepFunction (template.yaml): {@link SweepHandler} with the deployment's secrets and
 * tunables as currently set (read at run time, see {@link dev.leadrouter.config.FunctionSettings}).
 */
public final class SweepFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final LiveHandler<Map<String, Object>, Map<String, Object>> handler;

    public SweepFunction() {
        this(LiveHandler.fromEnv((ports, config) -> new SweepHandler(ports, config, Clock.systemUTC())));
    }

    public SweepFunction(LiveHandler<Map<String, Object>, Map<String, Object>> handler) {
        this.handler = handler;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return handler.handle(input, context);
    }
}
