package dev.leadrouter.port;

/**
 * One mark per (lead, assignment, event, channel), so that each is delivered once however often its message
 * comes back. A delivery first takes a short lease, sends, then marks the mark sent; a lease left by a crashed
 * delivery runs out before the queue shows the message again.
 */
public interface DeliveryMarks {
    static String key(String leadId, String assignedAt, String event, String channel) {
        return "NOTIFY#" + leadId + "#" + assignedAt + "#" + event + "#" + channel;
    }

    /** Takes the delivery; false when it was sent already or another delivery of it is under way. */
    boolean claim(String key);

    void sent(String key);

    /** Gives a failed delivery's lease back, so its retry may take it at once. */
    void release(String key);
}
