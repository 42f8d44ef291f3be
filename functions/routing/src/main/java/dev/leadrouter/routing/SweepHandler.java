package dev.leadrouter.routing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Scheduled sweep (EventBridge; a timer in the local stack): re-drives leads that are due. */
public class SweepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final LeadSweep sweep;

    public SweepHandler() {
        this(AwsPorts.fromEnvironment(), Config.fromEnv(), Clock.systemUTC());
    }

    public SweepHandler(AwsPorts ports, Config config, Clock clock) {
        this.sweep = new LeadSweep(ports.leads(config), ports.publisher(config, HandOffConfig.OFF), config, clock);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> result = new LinkedHashMap<>();
        sweep.sweep().forEach((status, count) -> result.put(status.name(), count));
        return result;
    }
}
