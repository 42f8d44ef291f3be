package dev.leadrouter.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The shared checks against LocalStack in Docker, given to the stack as --dynamodb-endpoint / --sqs-endpoint. The
 * stack is started here, not by StackExtension: its endpoints are the container's, known once it has started.
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackContainerIT extends StackChecks {
    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(Service.DYNAMODB, Service.SQS);

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStackOptions()
                .port(0)
                .dynamoDbEndpoint(LOCALSTACK.getEndpointOverride(Service.DYNAMODB).toString())
                .sqsEndpoint(LOCALSTACK.getEndpointOverride(Service.SQS).toString()));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Override
    LocalStack stack() {
        return stack;
    }
}
