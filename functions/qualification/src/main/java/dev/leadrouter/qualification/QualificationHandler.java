package dev.leadrouter.qualification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

public class QualificationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    public QualificationHandler() {
        this(AwsClients.dynamoDb(), AwsClients.sqs(), Config.fromEnv(), Clock.systemUTC());
    }

    public QualificationHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, Clock clock) {
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        throw new UnsupportedOperationException("not yet");
    }
}
