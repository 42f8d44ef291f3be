package dev.leadrouter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.json.Json;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.queue.LeadMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Publisher} that keeps what was sent, in order; {@link #down} makes every send fail as SQS would.
 * {@link #holdAfterSent} keeps the {@link #afterSent} actions until {@link #runAfterSent}, as the SQS consumers'
 * publisher holds them until the batch's messages are out.
 */
public final class RecordingPublisher implements Publisher {
    /** One message: the queue it went to (its dead-letter queue when {@code deadLetter}), as JSON. */
    public record Message(Config.Queue queue, boolean deadLetter, JsonNode body, int delaySeconds,
                          Map<String, String> attributes) {
        /** The lead a qualification or routing message carries. */
        public Lead carriedLead() {
            return LeadMessage.parse(Json.write(body)).carried().orElseThrow();
        }
    }

    private final List<Message> sent = new ArrayList<>();
    private final boolean handOffOn;
    private final List<Runnable> afterSent = new ArrayList<>();
    private volatile boolean down;
    private boolean holdAfterSent;

    /** With a notifications queue. */
    public RecordingPublisher() {
        this(true);
    }

    public RecordingPublisher(boolean handOffOn) {
        this.handOffOn = handOffOn;
    }

    public void down(boolean down) {
        this.down = down;
    }

    public synchronized void holdAfterSent(boolean hold) {
        this.holdAfterSent = hold;
    }

    /** The after-sent actions held so far. */
    public synchronized int heldAfterSent() {
        return afterSent.size();
    }

    /** Runs the held after-sent actions in order, as when the batch's messages were accepted. */
    public void runAfterSent() {
        List<Runnable> actions;
        synchronized (this) {
            actions = List.copyOf(afterSent);
            afterSent.clear();
        }
        actions.forEach(Runnable::run);
    }

    /** Forgets the held after-sent actions, as when the batch's messages were not accepted. */
    public synchronized void dropAfterSent() {
        afterSent.clear();
    }

    @Override
    public void afterSent(Runnable action) {
        synchronized (this) {
            if (holdAfterSent) {
                afterSent.add(action);
                return;
            }
        }
        action.run();
    }

    public synchronized List<Message> sent() {
        return List.copyOf(sent);
    }

    /** What went to {@code queue} itself (not its dead-letter queue). */
    public synchronized List<Message> on(Config.Queue queue) {
        return sent.stream().filter(m -> m.queue() == queue && !m.deadLetter()).toList();
    }

    public synchronized void clear() {
        sent.clear();
    }

    private synchronized void record(Config.Queue queue, boolean deadLetter, Object body, int delaySeconds,
                                     Map<String, String> attributes) {
        if (down) {
            throw new IllegalStateException("queue unavailable");
        }
        JsonNode json = Json.MAPPER.valueToTree(body);
        sent.add(new Message(queue, deadLetter, json, delaySeconds, Map.copyOf(attributes)));
    }

    @Override
    public void qualify(LeadMessage message) {
        record(Config.Queue.QUALIFICATION, false, message, 0, Map.of());
    }

    @Override
    public void route(LeadMessage message) {
        record(Config.Queue.ROUTING, false, message, 0, Map.of());
    }

    @Override
    public void slaCheck(String leadId, String assignedAt, int delaySeconds) {
        record(Config.Queue.ROUTING, false, LeadMessage.slaCheck(leadId, assignedAt), delaySeconds, Map.of());
    }

    @Override
    public void nurture(Map<String, Object> message) {
        record(Config.Queue.NURTURE, false, message, 0, Map.of());
    }

    @Override
    public void assignment(Map<String, Object> message) {
        record(Config.Queue.ASSIGNMENTS, false, message, 0, Map.of());
    }

    @Override
    public void crmImport(Object record, String format) {
        record(Config.Queue.CRM_IMPORT, false, record, 0, Map.of("format", format));
    }

    @Override
    public boolean handOffOn() {
        return handOffOn;
    }

    @Override
    public void handOff(HandOffMessage message, int delaySeconds) {
        record(Config.Queue.NOTIFICATIONS, false, message, delaySeconds, Map.of());
    }

    @Override
    public void handOffDeadLetter(HandOffMessage message, Map<String, String> attributes) {
        record(Config.Queue.NOTIFICATIONS, true, message, 0, attributes);
    }
}
