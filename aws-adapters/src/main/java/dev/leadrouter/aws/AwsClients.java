package dev.leadrouter.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients a function uses, once per container: region and credentials from the
 * Lambda environment, the URL-connection HTTP client, endpoints overridable by
 * DYNAMODB_ENDPOINT / SQS_ENDPOINT / SECRETSMANAGER_ENDPOINT (local stack, LocalStack).
 *
 * <p>Credentials: an on-demand Lambda environment has the access key variables; under SnapStart Lambda
 * gives none and serves the role's credentials from the container endpoint
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN). The chain tries exactly these
 * two, in that order, and sticks with the one that answered. It is not the SDK's default chain: that one
 * also reads profile files and probes the EC2 metadata service, which only costs cold-start time here.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build();

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return dynamoDb(System.getenv(), lambdaCredentials());
    }

    public static SqsClient sqs() {
        return sqs(System.getenv(), lambdaCredentials());
    }

    /**
     * The function role's credentials wherever Lambda runs the function (see the class comment). Nothing is
     * resolved here: the first call resolves, so a SnapStart snapshot holds no credentials, and the
     * container provider refreshes them before they expire.
     */
    public static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(true)
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.create())
                .build();
    }

    public static DynamoDbClient dynamoDb(Map<String, String> env, AwsCredentialsProvider credentials) {
        return dynamoDb(env, credentials, ClientOverrideConfiguration.builder().build());
    }

    public static SqsClient sqs(Map<String, String> env, AwsCredentialsProvider credentials) {
        return sqs(env, credentials, ClientOverrideConfiguration.builder().build());
    }

    /** As {@link #dynamoDb(Map, AwsCredentialsProvider)}, with {@code overrides} (e.g. interceptors, retries). */
    public static DynamoDbClient dynamoDb(Map<String, String> env, AwsCredentialsProvider credentials,
                                          ClientOverrideConfiguration overrides) {
        return configured(DynamoDbClient.builder(), env, credentials, "DYNAMODB_ENDPOINT")
                .overrideConfiguration(overrides).build();
    }

    /** As {@link #sqs(Map, AwsCredentialsProvider)}, with {@code overrides} (e.g. interceptors, retries). */
    public static SqsClient sqs(Map<String, String> env, AwsCredentialsProvider credentials,
                                ClientOverrideConfiguration overrides) {
        return configured(SqsClient.builder(), env, credentials, "SQS_ENDPOINT")
                .overrideConfiguration(overrides).build();
    }

    public static SecretsManagerClient secretsManager() {
        return secretsManager(System.getenv(), lambdaCredentials());
    }

    public static SecretsManagerClient secretsManager(Map<String, String> env, AwsCredentialsProvider credentials) {
        return configured(SecretsManagerClient.builder(), env, credentials, "SECRETSMANAGER_ENDPOINT").build();
    }

    /** As {@link #configured(AwsClientBuilder, Map, AwsCredentialsProvider, String)} from the Lambda environment. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configured(
            B builder, String endpointVariable) {
        return configured(builder, System.getenv(), lambdaCredentials(), endpointVariable);
    }

    /**
     * Any other service's client builder set up the same way (shared HTTP client, region, credentials), with
     * the endpoint overridable by the environment variable {@code endpointVariable}; for services only one
     * function calls, whose SDK module stays out of the other jars.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configured(
            B builder, Map<String, String> env, AwsCredentialsProvider credentials, String endpointVariable) {
        builder.httpClient(HTTP).region(region(env)).credentialsProvider(credentials);
        String endpoint = env.get(endpointVariable);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    private static Region region(Map<String, String> env) {
        return Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
    }
}
