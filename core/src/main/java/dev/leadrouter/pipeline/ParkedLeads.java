package dev.leadrouter.pipeline;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.queue.LeadMessage;

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
