package dev.leadrouter.handoff;

import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Publisher;

/**
 * Puts hand-off messages on the notifications queue, from where the state changes. An assignment's
 * message, when it has anything to deliver ({@link HandOffChannels#anythingToHandOff}), is sent like the
 * assignments message (a failure fails the caller, whose retry sends it again; the notification function drops
 * the duplicate). A lifecycle event is best effort: it never fails or delays the state change it reports.
 */
public final class HandOffEvents {
    /** No hand-off: nothing is queued (a function or test without the notifications queue). */
    public static final HandOffEvents OFF = new HandOffEvents(null);
    private static final Log LOG = Log.of(HandOffEvents.class);

    private final Publisher publisher;

    /** Hand-off messages go out when the publisher has a notifications queue. */
    public HandOffEvents(Publisher publisher) {
        this.publisher = publisher != null && publisher.handOffOn() ? publisher : null;
    }

    /**
     * The new assignee of {@code lead} (its current assignment) is to be told, unless nothing would be delivered:
     * {@code rep}, as routing read it, asks for no channel (nor does {@code settings}' default) and the lead has no
     * CRM to write its owner back to. With no {@code rep} at hand (null) the message goes out and the notification
     * function decides.
     */
    public void assigned(Lead lead, Rep rep, Settings settings) {
        if (publisher == null) {
            return;
        }
        Assignment assignment = lead.assignment;
        String crm = HandOffMessage.crmOf(lead);
        if (rep != null && !HandOffChannels.anythingToHandOff(rep.notifyWith(settings), rep.email, crm)) {
            return;
        }
        publisher.handOff(new HandOffMessage(assignment.previousRepId() == null ? HandOffMessage.ASSIGNED
                : HandOffMessage.REASSIGNED, lead.leadId, assignment.repId(), assignment.assignedAt(),
                assignment.assignedAt(), assignment.previousRepId(), assignment.reason(), crm, null, 0), 0);
    }

    /** A lifecycle event of {@code repId}'s assignment made at {@code assignedAt}, at time {@code at}. */
    public void event(String event, String leadId, String repId, String assignedAt, String at) {
        if (publisher == null) {
            return;
        }
        try {
            publisher.handOff(new HandOffMessage(event, leadId, repId, assignedAt, at, null, null, null, null, 0), 0);
        } catch (RuntimeException e) {
            LOG.warn("lifecycle event not queued", "leadId", leadId, "event", event, "error", e.getMessage());
        }
    }
}
