package dev.leadrouter.routing;

import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.queue.LeadMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Re-drives every lead whose {@code dueAt} has passed: a lead stuck in RECEIVED or QUALIFIED (a lost
 * message), a NURTURE lead whose nurture message is not out, a parked lead due for a retry, an
 * assignment whose SLA is up. Each stage ignores what it has already done, so a re-drive is safe.
 */
public class LeadSweep {
    private static final Log LOG = Log.of(LeadSweep.class);
    private static final int BATCH = 200;

    private final Leads leads;
    private final Publisher publisher;
    private final Config config;
    private final Clock clock;

    public LeadSweep(Leads leads, Publisher publisher, Config config, Clock clock) {
        this.leads = leads;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    /** Returns how many leads were re-driven per status. */
    public Map<LeadStatus, Integer> sweep() {
        Map<LeadStatus, Integer> counts = new EnumMap<>(LeadStatus.class);
        Instant now = clock.instant();
        for (LeadStatus status : new LeadStatus[]{LeadStatus.RECEIVED, LeadStatus.NURTURE, LeadStatus.QUALIFIED,
                LeadStatus.UNASSIGNED, LeadStatus.ASSIGNED}) {
            int count = 0;
            for (Lead lead : leads.due(status, now.toEpochMilli(), BATCH)) {
                redrive(lead);
                // Not again until this re-drive had its chance; the stage sets its own next time. Not a
                // versioned write: bumping the version would fail the write of a stage busy with the
                // lead, and a stage slower than stuck-after would then never finish.
                leads.postpone(lead, now.plus(config.stuckAfter()).toEpochMilli());
                count++;
            }
            if (count > 0) {
                counts.put(status, count);
            }
        }
        if (!counts.isEmpty()) {
            LOG.info("sweep re-drove leads", "counts", counts);
        }
        return counts;
    }

    private void redrive(Lead lead) {
        switch (lead.status) {
            case RECEIVED, NURTURE -> publisher.qualify(LeadMessage.qualify(lead.leadId));
            case QUALIFIED, UNASSIGNED -> publisher.route(LeadMessage.route(lead.leadId));
            case ASSIGNED -> publisher.slaCheck(lead.leadId, lead.assignment.assignedAt(), 0);
            default -> {
            }
        }
    }
}
