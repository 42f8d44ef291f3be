package dev.leadrouter.qualification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.json.Json;
import dev.leadrouter.lifecycle.LeadTransitions;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.rules.Qualification;
import dev.leadrouter.rules.Qualifier;
import dev.leadrouter.rules.RuleSet;
import dev.leadrouter.rules.RulesCache;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a RECEIVED lead against the QUALIFICATION rules and moves it to QUALIFIED (then routing),
 * NURTURE (then the nurture queue, marked on the lead once sent) or DISQUALIFIED. A QUALIFIED lead that fits in the
 * routing message goes there unwritten, and routing's placement stores it: one write per lead instead of two. A
 * lead too large for the message is written QUALIFIED first. A lead past this stage is left as it is, so a
 * redelivered message changes nothing stored; a lead still RECEIVED, or QUALIFIED, is sent to routing again in
 * case the first hand-off was lost (routing ignores leads it has already placed).
 */
public class LeadQualification {
    private static final Log LOG = Log.of(LeadQualification.class);
    private static final int MAX_ATTEMPTS = 8;

    private final Leads leads;
    private final RulesCache rules;
    private final Publisher publisher;
    private final Config config;
    private final Clock clock;

    public LeadQualification(Leads leads, RulesCache rules, Publisher publisher, Config config, Clock clock) {
        this.leads = leads;
        this.rules = rules;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    public void qualify(String messageBody) {
        LeadMessage message = LeadMessage.parse(messageBody);
        String leadId = message.leadId();
        // The copy intake sent saves the read; if it is stale, the versioned put below fails and we read.
        Optional<Lead> carried = message.carried().filter(lead -> lead.status == LeadStatus.RECEIVED);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lead lead = attempt == 0 && carried.isPresent() ? carried.get()
                    : leads.get(leadId).orElseThrow(() -> new PermanentFailure("leadId", "unknown lead " + leadId));
            if (lead.status == LeadStatus.QUALIFIED) {
                publisher.route(LeadMessage.route(lead));
                return;
            }
            if (lead.status == LeadStatus.NURTURE && lead.outputSent == null) {
                sendOn(lead);
                return;
            }
            if (lead.status != LeadStatus.RECEIVED) {
                return;
            }
            RuleSet ruleSet = rules.current();
            Qualification result = Qualifier.score(lead, ruleSet);
            apply(lead, result, ruleSet.settings(), clock.instant());
            LeadMessage toRouting = lead.status == LeadStatus.QUALIFIED ? LeadMessage.route(lead) : null;
            if (toRouting != null && toRouting.lead() != null) {
                // Not written here: routing's placement writes the qualified lead with its own outcome, in one write
                // conditioned on the version read here. Should the lead change first, routing sends it back.
                qualified(lead);
                publisher.route(toRouting);
                return;
            }
            if (leads.saveIfVersion(lead)) {
                qualified(lead);
                sendOn(lead);
                return;
            }
        }
        throw new IllegalStateException("lead " + leadId + " kept changing while being qualified");
    }

    private static void qualified(Lead lead) {
        LOG.info("lead qualified", "leadId", lead.leadId, "status", lead.status, "score", lead.score, "grade", lead.grade);
        Metrics.leadQualified(lead.grade, lead.status);
    }

    private void apply(Lead lead, Qualification result, Settings settings, Instant now) {
        ObjectNode trace = lead.trace == null ? Json.object() : lead.trace;
        trace.set("qualification", result.trace(settings));
        lead.trace = trace;
        Instant stuck = now.plus(config.stuckAfter()); // due again if the message sending it on is lost
        if (result.disqualified()) {
            LeadTransitions.disqualify(lead, result.score(), result.grade(), result.matchedRules().stream()
                    .filter(Qualification.MatchedRule::disqualify).map(Qualification.MatchedRule::ruleId).toList(), now);
        } else if (result.grade() == Grade.COLD) {
            LeadTransitions.nurture(lead, result.score(), now, stuck);
        } else {
            LeadTransitions.qualify(lead, result.score(), result.grade(), now, stuck);
        }
    }

    private void sendOn(Lead lead) {
        if (lead.status == LeadStatus.QUALIFIED) {
            publisher.route(LeadMessage.route(lead));
        } else if (lead.status == LeadStatus.NURTURE) {
            Map<String, Object> nurture = new LinkedHashMap<>();
            nurture.put("leadId", lead.leadId);
            nurture.putAll(lead.contactSummary());
            nurture.put("source", lead.source);
            nurture.put("campaign", lead.campaign);
            publisher.nurture(nurture);
            // Marked only once the message is out: a lost send then leaves the lead unmarked, and sent again.
            publisher.afterSent(() -> {
                LeadTransitions.nurtureSent(lead);
                if (!leads.saveIfVersion(lead)) {
                    LOG.warn("nurture mark lost to a concurrent write; a later look may re-send", "leadId", lead.leadId);
                }
            });
        }
    }
}
