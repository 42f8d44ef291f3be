package dev.leadrouter.routing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.rules.RulesCache;
import java.security.SecureRandom;
import java.time.Clock;

/** Consumes the routing queue: places leads and handles SLA checks. */
public class RoutingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LeadRouter router;
    private final SqsBatch batch;

    public RoutingHandler() {
        this(AwsPorts.fromEnvironment(), Config.fromEnv(), HandOffConfig.fromEnv(System.getenv()), Clock.systemUTC());
    }

    /** Without hand-off: no notifications are queued. */
    public RoutingHandler(AwsPorts ports, Config config, Clock clock) {
        this(ports, config, HandOffConfig.OFF, clock);
    }

    /** The batch's assignment, hand-off and SLA-check messages go out together when it is done (SendMessageBatch). */
    public RoutingHandler(AwsPorts ports, Config config, HandOffConfig handOff, Clock clock) {
        this.batch = ports.batchingSends(config.routingDlqUrl());
        Leads leads = ports.leads(config);
        RepRoster reps = ports.reps(config);
        Publisher publisher = ports.publisher(config, handOff, batch);
        RulesCache rules = new RulesCache(ports.rules(config)::all, config.rulesCacheTtl(), clock);
        RoutingDecisions decisions = RoutingDecisions.cached(rules, reps, ports.accounts(config),
                new RoutingPlanner(new SecureRandom()), config.rulesCacheTtl(), clock);
        this.router = new LeadRouter(leads, reps, ports.placements(config), decisions, new ParkedLeads(leads, publisher),
                publisher, new HandOffEvents(publisher), config, clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        if (event != null && event.getRecords() != null) {
            router.prepare(event.getRecords().stream().map(SQSEvent.SQSMessage::getBody).toList());
        }
        return batch.process(event, message -> router.handle(message.getBody(), SqsBatch.receiveCount(message) > 1));
    }
}
