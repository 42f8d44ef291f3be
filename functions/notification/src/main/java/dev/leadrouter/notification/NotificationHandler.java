package dev.leadrouter.notification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.store.LeadStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Consumes the notifications queue: tells reps of their assignments, writes CRM owners back, sends lifecycle events. */
public class NotificationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final HandOff handOff;
    private final SqsBatch batch;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public NotificationHandler() {
        this(AwsClients.dynamoDb(), AwsClients.sqs(), AwsClients.configured(SesV2Client.builder(), "SES_ENDPOINT").build(),
                Config.fromEnv(), HandOffConfig.fromEnv(System.getenv()), Clock.systemUTC());
    }

    /** {@code ses} null: emails are printed, not sent (the local stack without an SES endpoint). */
    public NotificationHandler(DynamoDbClient dynamo, SqsClient sqs, SesV2Client ses, Config config,
                               HandOffConfig handOffConfig, Clock clock) {
        Queues queues = new Queues(sqs);
        this.handOff = new HandOff(new LeadStore(dynamo, config.leadsTable()),
                new OrgItems(dynamo, config.repsTable(), config.rulesTable()),
                new DeliveryMarks(dynamo, config.leadsTable(), clock), new WebPoster(),
                ses == null ? EmailSender.printed() : EmailSender.ses(ses), queues, handOffConfig, clock);
        this.batch = new SqsBatch(queues, handOffConfig.notificationsDlqUrl());
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
