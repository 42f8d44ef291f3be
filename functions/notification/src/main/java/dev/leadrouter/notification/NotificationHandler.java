package dev.leadrouter.notification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.aws.SesMailer;
import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.port.Mailer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Consumes the notifications queue: tells reps of their assignments, writes CRM owners back, sends lifecycle events. */
public class NotificationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final HandOff handOff;
    private final SqsBatch batch;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public NotificationHandler() {
        this(AwsPorts.fromEnvironment(), SesMailer.fromEnvironment(), Config.fromEnv(),
                HandOffConfig.fromEnv(System.getenv()), Clock.systemUTC());
    }

    /** {@code mailer} null: emails are printed, not sent (the local stack without an SES endpoint). */
    public NotificationHandler(AwsPorts ports, Mailer mailer, Config config, HandOffConfig handOffConfig, Clock clock) {
        this.handOff = new HandOff(ports.leads(config), new OrgItems(ports.reps(config), ports.rules(config),
                config.rulesCacheTtl(), clock),
                ports.deliveryMarks(config, clock), new WebPoster(),
                mailer == null ? EmailSender.printed() : EmailSender.through(mailer),
                ports.publisher(config, handOffConfig), handOffConfig, clock);
        // Its sends (a channel's retry, a delivery that failed for good) go out as made: the records run side by
        // side, each on its own thread, and such sends are rare next to the routing stage's per-lead messages.
        this.batch = ports.batch(handOffConfig.notificationsDlqUrl());
    }

    /**
     * Each record of the batch on its own virtual thread, so one lead's slow channel holds up no other lead;
     * the records' failures are reported together.
     */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<Future<SQSBatchResponse>> parts = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            SQSEvent single = new SQSEvent();
            single.setRecords(List.of(record));
            parts.add(workers.submit(() -> batch.process(single,
                    message -> handOff.handle(HandOffMessage.parse(message.getBody())))));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            try {
                failures.addAll(parts.get(i).get().getBatchItemFailures());
            } catch (ExecutionException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failures.add(new SQSBatchResponse.BatchItemFailure(records.get(i).getMessageId()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
