package dev.leadrouter.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.queue.LeadMessage;
import java.util.Optional;

/** Wakes parked (UNASSIGNED) leads, longest waiting first, when capacity frees up. */
public class ParkedLeads {
    private static final Log LOG = Log.of(ParkedLeads.class);
    private static final int WAKE_LIMIT = 10;

    private final Leads leads;
    private final Publisher publisher;

    public ParkedLeads(Leads leads, Publisher publisher) {
        this.leads = leads;
        this.publisher = publisher;
    }

    /**
     * Whether releasing one lead of a rep, whose item read after the release is {@code repAfter}, may have freed a
     * slot a parked lead waits for: only when the rep was full before it (a lead parks only when every eligible rep
     * was full; a release on a rep with room frees nothing routing would not have used already). Unknown (no item,
     * no numbers): yes, as before. Two releases of a full rep at once may each read it with room and both say no;
     * the sweep re-drives every parked lead once its {@code dueAt} passes, so that only delays them.
     */
    public static boolean mayFreeParkedSlot(Optional<ObjectNode> repAfter) {
        if (repAfter.isEmpty()) {
            return true;
        }
        JsonNode capacity = repAfter.get().get("capacity");
        JsonNode openLeads = repAfter.get().get("openLeads");
        if (capacity == null || !capacity.isNumber() || openLeads == null || !openLeads.isNumber()) {
            return true;
        }
        return capacity.intValue() > 0 && openLeads.intValue() + 1 >= capacity.intValue();
    }

    /** Best effort: the sweep retries parked leads anyway, so a failure here only delays them. */
    public void wake() {
        try {
            for (Lead parked : leads.due(LeadStatus.UNASSIGNED, Long.MAX_VALUE, WAKE_LIMIT)) {
                publisher.route(LeadMessage.route(parked.leadId));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not wake parked leads; the sweep will retry them", "error", e.getMessage());
        }
    }
}
