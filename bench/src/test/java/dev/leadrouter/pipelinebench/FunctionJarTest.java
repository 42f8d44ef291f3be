package dev.leadrouter.pipelinebench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.local.StackExtension;
import dev.leadrouter.local.template.LocalResources;
import dev.leadrouter.local.template.SamTemplate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each function of the SAM-transformed template run as Lambda runs it: a fresh JVM on the shaded jar its
 * CodeUri names, the handler its Handler names built by its no-argument constructor, with the template's
 * environment (resolved to the local stack's tables and queues) and one {@code events/} sample; once with
 * SnapStart's container credentials (served by a local stub that checks the authorization token) and once
 * with the on-demand access key variables. A class the shade filters dropped fails here too.
 * The functions' AWS calls here are made in those fresh JVMs, where no AwsCallRecorder listens: LeastPrivilegeTest
 * judges the same handlers' calls in local's end-to-end layer, where the stack runs them under --function-credentials,
 * and this test holds each jar to its template environment.
 */
@Tag("end-to-end")
@ExtendWith(StackExtension.class)
class FunctionJarTest {
    private static final String CREDENTIALS_PATH = "/2021-04-23/credentials";
    private static final int PARALLEL_JVMS = 2;

    private static LocalStack stack;
    private static SamTemplate template;
    private static HttpServer credentialsEndpoint;
    /** Credential requests answered, by the token each run was given; the endpoint refuses any other token. */
    private static final Map<String, Integer> AUTHORIZED = new ConcurrentHashMap<>();
    private static final AtomicInteger UNAUTHORIZED = new AtomicInteger();

    @BeforeAll
    static void start(LocalStack shared) throws IOException {
        template = SamTemplate.transformed();
        stack = shared;
        credentialsEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        credentialsEndpoint.createContext(CREDENTIALS_PATH, exchange -> {
            try (exchange) {
                String token = exchange.getRequestHeaders().getFirst("Authorization");
                boolean authorized = token != null
                        && AUTHORIZED.computeIfPresent(token, (given, count) -> count + 1) != null;
                if (!authorized) {
                    UNAUTHORIZED.incrementAndGet();
                }
                byte[] body = (authorized ? Json.write(Map.of(
                        "AccessKeyId", "SnapStartFunction", "SecretAccessKey", "local", "Token", "session",
                        "Expiration", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString()))
                        : "{\"message\":\"bad token\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", "application/json");
                exchange.sendResponseHeaders(authorized ? 200 : 403, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        credentialsEndpoint.start();
    }

    @AfterAll
    static void stop() {
        if (credentialsEndpoint != null) {
            credentialsEndpoint.stop(0);
        }
    }

    enum Credentials { SNAPSTART_CONTAINER, ACCESS_KEY_VARIABLES }

    /**
     * Starts every jar at once on a pool of two, as the JVMs are busy starting rather than waiting; each dynamic
     * test then judges its own answer. Each SnapStart run has a token of its own, so its credential requests are
     * counted apart from the others'.
     */
    @TestFactory
    Stream<DynamicTest> everyFunctionJarHandlesItsSampleEvent() {
        ColdStart events = new ColdStart(stack, Path.of(".."), Path.of("../events"));
        FunctionJvm jvm = new FunctionJvm();
        LocalResources local = new LocalResources(name -> stack.sqs().getQueueUrl(r -> r.queueName(name)).queueUrl());
        ExecutorService jvms = Executors.newFixedThreadPool(PARALLEL_JVMS);
        List<DynamicTest> tests = new ArrayList<>();
        template.functions().values().forEach(function -> {
            for (Credentials credentials : Credentials.values()) {
                Path jar = Path.of("..").resolve(function.codeUri());
                String token = "snapstart-" + UUID.randomUUID();
                AUTHORIZED.put(token, 0);
                Future<FunctionJvm.Answer> running = jvms.submit(() -> {
                    assertTrue(Files.isRegularFile(jar), function.logicalId() + ": no jar at " + jar + " (CodeUri)");
                    ObjectNode event = events.event(function.handlerClass(), "jar-" + UUID.randomUUID());
                    assertNotNull(event, function.handlerClass() + " has no events/ sample: add one to ColdStart.EVENT_FILES");
                    Path eventFile = Files.createTempFile("event", ".json");
                    Files.writeString(eventFile, Json.write(event));
                    Map<String, String> env = environment(template.environment(function.logicalId(), local), credentials,
                            token);
                    return jvm.invoke(jar, function.handlerClass(), eventFile, env, List.of());
                });
                tests.add(DynamicTest.dynamicTest(function.logicalId() + " with " + credentials, () -> {
                    FunctionJvm.Answer answer = answer(running);
                    assertTrue(answer.handledWell(), function.logicalId() + " answered " + answer.result());
                    if (function.handlerClass().endsWith(".IntakeFunction")) {
                        assertEquals(202, answer.result().path("statusCode").asInt(), "POST /leads: " + answer.result());
                    }
                    if (credentials == Credentials.SNAPSTART_CONTAINER) {
                        assertTrue(AUTHORIZED.get(token) > 0,
                                "the function never fetched credentials from the container endpoint");
                        assertEquals(0, UNAUTHORIZED.get(), "a credentials request came without a known authorization token");
                    }
                }));
            }
        });
        jvms.shutdown();
        return tests.stream();
    }

    /** The jar's answer; an assertion or error raised while preparing or running it, as it was raised. */
    private static FunctionJvm.Answer answer(Future<FunctionJvm.Answer> running) throws Throwable {
        try {
            return running.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** What Lambda sets besides the template's variables, and the local endpoints. */
    private static Map<String, String> environment(Map<String, String> fromTemplate, Credentials credentials,
                                                   String snapStartToken) {
        Map<String, String> env = new HashMap<>(fromTemplate);
        env.put("AWS_REGION", LocalResources.REGION);
        env.put("DYNAMODB_ENDPOINT", stack.dynamoDbEndpoint().toString());
        env.put("SQS_ENDPOINT", stack.sqsEndpoint().toString());
        env.put("SECRETSMANAGER_ENDPOINT", stack.secretsManagerEndpoint().toString());
        switch (credentials) {
            case SNAPSTART_CONTAINER -> {
                env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                        "http://127.0.0.1:" + credentialsEndpoint.getAddress().getPort() + CREDENTIALS_PATH);
                env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", snapStartToken);
            }
            case ACCESS_KEY_VARIABLES -> {
                env.put("AWS_ACCESS_KEY_ID", "OnDemandFunction");
                env.put("AWS_SECRET_ACCESS_KEY", "local");
                env.put("AWS_SESSION_TOKEN", "session");
            }
        }
        return env;
    }
}
