package dev.leadrouter.queue;

import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.port.Publisher;
import java.util.Map;

/**
 * The pipeline's queues as {@code config} and {@code handOff} name them (CONTRACT.md, "Queues"), sent through
 * {@link Queues} at once or through {@link BatchedSends} at the end of an SQS batch.
 */
public final class SqsPublisher implements Publisher {
    private final Queues queues;
    private final Config config;
    private final HandOffConfig handOffConfig;

    public SqsPublisher(Queues queues, Config config, HandOffConfig handOff) {
        this.queues = queues;
        this.config = config;
        this.handOffConfig = handOff;
    }

    @Override
    public void qualify(LeadMessage message) {
        queues.send(config.qualificationQueueUrl(), message);
    }

    @Override
    public void route(LeadMessage message) {
        queues.send(config.routingQueueUrl(), message);
    }

    @Override
    public void slaCheck(String leadId, String assignedAt, int delaySeconds) {
        queues.sendDelayed(config.routingQueueUrl(), LeadMessage.slaCheck(leadId, assignedAt), delaySeconds);
    }

    @Override
    public void nurture(Map<String, Object> message) {
        queues.send(config.nurtureQueueUrl(), message);
    }

    @Override
    public void assignment(Map<String, Object> message) {
        queues.send(config.assignmentsQueueUrl(), message);
    }

    @Override
    public void crmImport(Object record, String format) {
        queues.send(config.crmImportQueueUrl(), record, 0, Map.of("format", format));
    }

    @Override
    public boolean handOffOn() {
        return handOffConfig.notificationsQueueUrl() != null;
    }

    @Override
    public void handOff(HandOffMessage message, int delaySeconds) {
        queues.sendDelayed(handOffConfig.notificationsQueueUrl(), message, delaySeconds);
    }

    @Override
    public void handOffDeadLetter(HandOffMessage message, Map<String, String> attributes) {
        if (handOffConfig.notificationsDlqUrl() != null) {
            queues.send(handOffConfig.notificationsDlqUrl(), message, 0, attributes);
        }
    }

    @Override
    public void afterSent(Runnable action) {
        queues.afterSent(action);
    }
}
