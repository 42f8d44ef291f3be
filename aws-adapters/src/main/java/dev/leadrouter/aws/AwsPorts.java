package dev.leadrouter.aws;

import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.port.Accounts;
import dev.leadrouter.port.Aggregates;
import dev.leadrouter.port.DeliveryMarks;
import dev.leadrouter.port.LeadList;
import dev.leadrouter.port.Placements;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.port.RuleSource;
import dev.leadrouter.queue.BatchedSends;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.queue.SqsPublisher;
import dev.leadrouter.store.AccountStore;
import dev.leadrouter.store.DynamoDeliveryMarks;
import dev.leadrouter.store.DynamoPlacements;
import dev.leadrouter.store.LeadListing;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RepStore;
import dev.leadrouter.store.RuleStore;
import dev.leadrouter.store.StatsStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The one place the functions get their ports from: DynamoDB and SQS implementations over the clients given
 * (in Lambda {@link #fromEnvironment()}, built once at init), for the tables and queues a {@link Config} names.
 * Handlers take an {@code AwsPorts} and pass the services plain ports, so no class outside the adapters
 * touches an SDK type.
 */
public final class AwsPorts {
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;

    public AwsPorts(DynamoDbClient dynamo, SqsClient sqs) {
        this.dynamo = dynamo;
        this.sqs = sqs;
    }

    /** As Lambda runs the functions: the clients of {@link AwsClients}, no call made at init. */
    public static AwsPorts fromEnvironment() {
        return new AwsPorts(AwsClients.dynamoDb(), AwsClients.sqs());
    }

    public LeadStore leads(Config config) {
        return new LeadStore(dynamo, config.leadsTable());
    }

    /** {@code GET /leads} over the leads table's list indexes. */
    public LeadList leadList(Config config) {
        return new LeadListing(leads(config));
    }

    public RepRoster reps(Config config) {
        return new RepStore(dynamo, config.repsTable());
    }

    public Accounts accounts(Config config) {
        return new AccountStore(dynamo, config.accountsTable());
    }

    public RuleSource rules(Config config) {
        return new RuleStore(dynamo, config.rulesTable());
    }

    /** The {@code GET /stats} aggregates, records of the leads table. */
    public Aggregates aggregates(Config config) {
        return new StatsStore(dynamo, config.leadsTable());
    }

    /** Lead, reps' capacity and turns in one TransactWriteItems. */
    public Placements placements(Config config) {
        return new DynamoPlacements(leads(config), new RepStore(dynamo, config.repsTable()));
    }

    /** The queues of {@code config}; hand-off messages only where {@code handOff} names a notifications queue. */
    public Publisher publisher(Config config, HandOffConfig handOff) {
        return new SqsPublisher(new Queues(sqs), config, handOff);
    }

    /**
     * The queues of {@code config} for a handler of {@code batch}'s records: what they send waits for the end of
     * the batch, and goes out in SendMessageBatch requests.
     */
    public Publisher publisher(Config config, HandOffConfig handOff, SqsBatch batch) {
        return new SqsPublisher(batch.sends(), config, handOff);
    }

    /** The hand-off's delivery marks, records of the leads table. */
    public DeliveryMarks deliveryMarks(Config config, Clock clock) {
        return new DynamoDeliveryMarks(dynamo, config.leadsTable(), clock);
    }

    /** An SQS batch whose permanent failures go to {@code deadLetterQueueUrl}; the handler's sends go out as made. */
    public SqsBatch batch(String deadLetterQueueUrl) {
        return new SqsBatch(new Queues(sqs), deadLetterQueueUrl);
    }

    /**
     * As {@link #batch}, but what the handler sends through {@link #publisher(Config, HandOffConfig, SqsBatch)}
     * is held until the batch is done. For a handler that handles its records one after another, on one thread.
     */
    public SqsBatch batchingSends(String deadLetterQueueUrl) {
        return new SqsBatch(new Queues(sqs), new BatchedSends(sqs), deadLetterQueueUrl);
    }

    /** Messages waiting in the queue at {@code queueUrl} (the approximate count SQS reports). */
    public int queueDepth(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
