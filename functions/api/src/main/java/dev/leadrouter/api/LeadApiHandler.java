package dev.leadrouter.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

public class LeadApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public LeadApiHandler() {
        this(AwsClients.dynamoDb(), AwsClients.sqs(), Config.fromEnv(), Clock.systemUTC());
    }

    public LeadApiHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, Clock clock) {
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        throw new UnsupportedOperationException("not yet");
    }
}
