package dev.leadrouter.local;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.collection.immutable.List$;
import scala.util.Either;
import scalikejdbc.ConnectionPool$;

/**
 * ElasticMQ, an SQS-compatible server, running in this JVM. With a data directory its queues and
 * messages (in flight, delayed and dead-lettered ones too) are kept in an H2 database there, written as
 * they change and restored at the next start.
 */
public final class EmbeddedSqs implements AutoCloseable {
    /** The H2 database in {@code --data-dir} (H2 adds {@code .mv.db}). */
    public static final String DATA_FILE = "elasticmq";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * ElasticMQ's SQL persistence reads and writes through ScalikeJDBC's one JVM-wide default connection pool:
     * one persistent ElasticMQ at a time per JVM.
     */
    private static final AtomicBoolean PERSISTENT_RUNNING = new AtomicBoolean();

    private final ActorSystem actorSystem;
    private final SQSRestServer server;
    private final int port;
    private final boolean persistent;

    private EmbeddedSqs(ActorSystem actorSystem, SQSRestServer server, int port, boolean persistent) {
        this.actorSystem = actorSystem;
        this.server = server;
        this.port = port;
        this.persistent = persistent;
    }

    /**
     * Starts ElasticMQ on localhost:{@code port} (0 picks a free one) and waits until it accepts requests;
     * with {@code dataDir} null queues and messages live in memory, otherwise they are restored from and kept in
     * {@code dataDir/elasticmq.mv.db}.
     */
    public static EmbeddedSqs start(int port, Path dataDir) {
        if (dataDir != null && !PERSISTENT_RUNNING.compareAndSet(false, true)) {
            throw new IllegalStateException("an ElasticMQ with a data directory already runs in this JVM");
        }
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
            var builder = SQSRestServerBuilder
                    .withActorSystem(actorSystem)
                    .withPort(chosenPort)
                    .withInterface("localhost")
                    .withAWSRegion("us-east-1")
                    .withAWSAccountId("000000000000");
            if (dataDir != null) {
                // Queues and messages are back before the server answers its first request.
                builder = builder.withQueueManagerActor(restoredQueueManager(actorSystem, dataDir));
            }
            SQSRestServer server = builder.start();
            server.waitUntilStarted();
            return new EmbeddedSqs(actorSystem, server, chosenPort, dataDir != null);
        } catch (RuntimeException e) {
            actorSystem.terminate();
            if (dataDir != null) {
                closePersistence();
            }
            throw new IllegalStateException("ElasticMQ did not start on port " + chosenPort + ": " + e.getMessage(), e);
        }
    }

    /** A queue manager whose every queue and message change goes to H2 in {@code dataDir}, restored from there. */
    private static ActorRef restoredQueueManager(ActorSystem actorSystem, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(DATA_FILE);
        // ElasticMQ sets the JVM-wide pool up only once; a later start, on another directory, points it there itself.
        var pools = ConnectionPool$.MODULE$;
        var settings = pools.singleton$default$4();
        pools.singleton(url, "", "", settings, pools.singleton$default$5(url, "", "", settings));
        var persistenceConfig = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "", "", false);
        ActorRef persistence = actorSystem.actorOf(Props.create(SqlQueuePersistenceActor.class,
                persistenceConfig, List$.MODULE$.empty()), "queue-persistence");
        ActorRef queueManager = actorSystem.actorOf(Props.create(QueueManagerActor.class,
                new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(persistence)), "queue-manager");
        Object restored;
        try {
            restored = Patterns.ask(persistence, new QueueEvent.Restore(queueManager), RESTORE_TIMEOUT)
                    .toCompletableFuture().get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring queues from " + dataDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot restore queues from " + dataDir + ": " + e.getMessage(), e);
        }
        if (restored instanceof Either<?, ?> either && either.isLeft()) {
            throw new IllegalStateException("cannot restore queues from " + dataDir + ": " + either.left().get());
        }
        return queueManager;
    }

    private static void closePersistence() {
        ConnectionPool$.MODULE$.close(ConnectionPool$.MODULE$.DEFAULT_NAME());
        PERSISTENT_RUNNING.set(false);
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    @Override
    public void close() {
        // The server's stopAndWait() lets the requests in flight finish, and the stack's stopped pollers leave long
        // polls open for up to their wait time: seconds per stop. Queues kept on disk keep that graceful stop (the
        // restart tests cover it); in memory there is nothing to keep, and ending the actor system closes at once.
        if (persistent) {
            server.stopAndWait();
        }
        actorSystem.terminate();
        try {
            actorSystem.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("ElasticMQ did not stop cleanly", e);
        } finally {
            if (persistent) {
                closePersistence();
            }
        }
    }
}
