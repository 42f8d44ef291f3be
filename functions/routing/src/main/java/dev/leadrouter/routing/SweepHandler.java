package dev.leadrouter.routing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Scheduled sweep: finds leads due for another look (stuck stage, parked retry, SLA) and re-drives them. */
public class SweepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public SweepHandler() {
        this(AwsClients.dynamoDb(), AwsClients.sqs(), Config.fromEnv(), Clock.systemUTC());
    }

    public SweepHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, Clock clock) {
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        throw new UnsupportedOperationException("not yet");
    }
}
