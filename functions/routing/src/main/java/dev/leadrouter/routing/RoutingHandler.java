package dev.leadrouter.routing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.rules.RulesCache;
import dev.leadrouter.store.AccountStore;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RepStore;
import dev.leadrouter.store.RuleStore;
import java.security.SecureRandom;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Consumes the routing queue: places leads and handles SLA checks. */
public class RoutingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LeadRouter router;
    private final SqsBatch batch;

    public RoutingHandler() {
        this(AwsClients.dynamoDb(), AwsClients.sqs(), Config.fromEnv(), HandOffConfig.fromEnv(System.getenv()),
                Clock.systemUTC());
    }

    /** Without hand-off: no notifications are queued. */
    public RoutingHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, Clock clock) {
        this(dynamo, sqs, config, HandOffConfig.OFF, clock);
    }

    public RoutingHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, HandOffConfig handOff, Clock clock) {
        Queues queues = new Queues(sqs);
        LeadStore leads = new LeadStore(dynamo, config.leadsTable());
        RepStore reps = new RepStore(dynamo, config.repsTable());
        RulesCache rules = new RulesCache(new RuleStore(dynamo, config.rulesTable())::all, config.rulesCacheTtl(), clock);
        RoutingDecisions decisions = RoutingDecisions.cached(rules, reps, new AccountStore(dynamo, config.accountsTable()),
                new RoutingPlanner(new SecureRandom()), config.rulesCacheTtl(), clock);
        this.router = new LeadRouter(leads, reps, decisions,
                new ParkedLeads(leads, queues, config.routingQueueUrl()), queues,
                new HandOffEvents(queues, handOff.notificationsQueueUrl()), config, clock);
        this.batch = new SqsBatch(queues, config.routingDlqUrl());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, message -> router.handle(message.getBody()));
    }
}
