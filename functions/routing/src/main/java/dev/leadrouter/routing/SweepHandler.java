package dev.leadrouter.routing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.store.LeadStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Scheduled sweep (EventBridge; a timer in the local stack): re-drives leads that are due. */
public class SweepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final LeadSweep sweep;

    public SweepHandler() {
        this(AwsClients.dynamoDb(), AwsClients.sqs(), Config.fromEnv(), Clock.systemUTC());
    }

    public SweepHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, Clock clock) {
        this.sweep = new LeadSweep(new LeadStore(dynamo, config.leadsTable()), new Queues(sqs), config, clock);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> result = new LinkedHashMap<>();
        sweep.sweep().forEach((status, count) -> result.put(status.name(), count));
        return result;
    }
}
