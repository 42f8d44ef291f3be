package dev.leadrouter.port;

import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.queue.LeadMessage;
import java.util.Map;

/**
 * The queues a lead travels on (CONTRACT.md, "Queues"). A send either succeeds or throws, or, inside an SQS
 * batch, is held and sent with the batch's others when it is done: what must only be written once the sends
 * before it went out (the mark that a lead's messages are sent) goes through {@link #afterSent}.
 */
public interface Publisher {
    /** SQS's longest message delay; longer waits are made of several hops. */
    int MAX_DELAY_SECONDS = 900;

    /** The lead goes to qualification ({@link LeadMessage#qualify}: the lead itself travels when it fits). */
    void qualify(LeadMessage message);

    /** The lead goes to routing, placed or parked and tried again ({@link LeadMessage#route}). */
    void route(LeadMessage message);

    /** Routing looks at the assignment made at {@code assignedAt} again after {@code delaySeconds} (0: now). */
    void slaCheck(String leadId, String assignedAt, int delaySeconds);

    /** The nurture queue's message for a cold lead. */
    void nurture(Map<String, Object> message);

    /** The assignments queue's message for an assignment. */
    void assignment(Map<String, Object> message);

    /** A raw record for the CRM import queue, in {@code format}. */
    void crmImport(Object record, String format);

    /** Whether hand-off messages go anywhere (the notifications queue is configured). */
    boolean handOffOn();

    /** A hand-off message on the notifications queue, after {@code delaySeconds}. */
    void handOff(HandOffMessage message, int delaySeconds);

    /** A hand-off message that can never be delivered, to the notifications dead-letter queue with why. */
    void handOffDeadLetter(HandOffMessage message, Map<String, String> attributes);

    /**
     * Runs {@code action} once every message sent so far has been accepted: at once when sends go out as they are
     * made (the default, and the intake and API functions); inside an SQS batch after the batch's messages were
     * sent, and never if one of this record's earlier sends failed (the record is then delivered again).
     */
    default void afterSent(Runnable action) {
        action.run();
    }
}
