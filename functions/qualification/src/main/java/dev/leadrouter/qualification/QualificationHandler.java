package dev.leadrouter.qualification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.rules.RulesCache;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RuleStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Consumes the qualification queue: scores each lead and sends it on to routing or nurture. */
public class QualificationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LeadQualification qualification;
    private final SqsBatch batch;

    public QualificationHandler() {
        this(AwsClients.dynamoDb(), AwsClients.sqs(), Config.fromEnv(), Clock.systemUTC());
    }

    public QualificationHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, Clock clock) {
        Queues queues = new Queues(sqs);
        RuleStore rules = new RuleStore(dynamo, config.rulesTable());
        this.qualification = new LeadQualification(new LeadStore(dynamo, config.leadsTable()),
                new RulesCache(rules::all, config.rulesCacheTtl(), clock), queues, config, clock);
        this.batch = new SqsBatch(queues, config.qualificationDlqUrl());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, message -> qualification.qualify(message.getBody()));
    }
}
