package dev.leadrouter.local;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ, an SQS-compatible server, running in this JVM. */
public final class EmbeddedSqs implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem actorSystem;
    private final SQSRestServer server;
    private final int port;

    private EmbeddedSqs(ActorSystem actorSystem, SQSRestServer server, int port) {
        this.actorSystem = actorSystem;
        this.server = server;
        this.port = port;
    }

    /** Starts ElasticMQ on localhost:{@code port} (0 picks a free one) and waits until it accepts requests. */
    public static EmbeddedSqs start(int port) {
        int chosenPort = port == 0 ? FreePorts.pick() : port;
        // ElasticMQ's own configuration logs every request at DEBUG; only warnings matter here.
        // The actor system is stopped by close(), also when close() runs in a JVM shutdown hook.
        ActorSystem actorSystem = ActorSystem.create("elasticmq", ConfigFactory
                .parseString("""
                        pekko.loglevel = WARNING
                        pekko.stdout-loglevel = OFF
                        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                        """)
                .withFallback(ConfigFactory.load()));
        try {
            SQSRestServer server = SQSRestServerBuilder
                    .withActorSystem(actorSystem)
                    .withPort(chosenPort)
                    .withInterface("localhost")
                    .withAWSRegion("us-east-1")
                    .withAWSAccountId("000000000000")
                    .start();
            server.waitUntilStarted();
            return new EmbeddedSqs(actorSystem, server, chosenPort);
        } catch (RuntimeException e) {
            actorSystem.terminate();
            throw new IllegalStateException("ElasticMQ did not start on port " + chosenPort + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
        actorSystem.terminate();
        try {
            actorSystem.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("ElasticMQ did not stop cleanly", e);
        }
    }
}
