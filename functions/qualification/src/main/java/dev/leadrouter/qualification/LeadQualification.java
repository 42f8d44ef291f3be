package dev.leadrouter.qualification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.rules.Qualification;
import dev.leadrouter.rules.Qualifier;
import dev.leadrouter.rules.RuleSet;
import dev.leadrouter.rules.RulesCache;
import dev.leadrouter.store.LeadStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a RECEIVED lead against the QUALIFICATION rules and moves it to QUALIFIED (then routing),
 * NURTURE (then the nurture queue, marked on the lead once sent) or DISQUALIFIED. A lead past this stage is left as it is, so a
 * redelivered message changes nothing; a QUALIFIED lead is re-sent to routing in case the first
 * hand-off was lost (routing ignores leads it has already placed).
 */
public class LeadQualification {
    private static final Log LOG = Log.of(LeadQualification.class);
    private static final int MAX_ATTEMPTS = 8;

    private final LeadStore leads;
    private final RulesCache rules;
    private final Queues queues;
    private final Config config;
    private final Clock clock;

    public LeadQualification(LeadStore leads, RulesCache rules, Queues queues, Config config, Clock clock) {
        this.leads = leads;
        this.rules = rules;
        this.queues = queues;
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
                queues.send(config.routingQueueUrl(), LeadMessage.route(lead));
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
            if (leads.put(lead)) {
                LOG.info("lead qualified", "leadId", leadId, "status", lead.status, "score", lead.score,
                        "grade", lead.grade);
                Metrics.leadQualified(lead.grade, lead.status);
                sendOn(lead);
                return;
            }
        }
        throw new IllegalStateException("lead " + leadId + " kept changing while being qualified");
    }

    private void apply(Lead lead, Qualification result, Settings settings, Instant now) {
        lead.score = result.score();
        lead.grade = result.grade();
        ObjectNode trace = lead.trace == null ? Json.object() : lead.trace;
        trace.set("qualification", result.trace(settings));
        lead.trace = trace;
        lead.updatedAt = now.toString();
        if (result.disqualified()) {
            lead.status = LeadStatus.DISQUALIFIED;
            lead.dueAt = null;
            lead.addHistory(lead.updatedAt, "DISQUALIFIED", "by rule " + result.matchedRules().stream()
                    .filter(Qualification.MatchedRule::disqualify).map(Qualification.MatchedRule::ruleId).toList());
        } else if (result.grade() == Grade.COLD) {
            lead.status = LeadStatus.NURTURE;
            lead.dueAt = now.plus(config.stuckAfter()).toEpochMilli(); // until the nurture message is out
            lead.addHistory(lead.updatedAt, "NURTURE", "score " + result.score() + " grade COLD");
        } else {
            lead.status = LeadStatus.QUALIFIED;
            lead.dueAt = now.plus(config.stuckAfter()).toEpochMilli();
            lead.addHistory(lead.updatedAt, "QUALIFIED", "score " + result.score() + " grade " + result.grade());
        }
    }

    private void sendOn(Lead lead) {
        if (lead.status == LeadStatus.QUALIFIED) {
            queues.send(config.routingQueueUrl(), LeadMessage.route(lead));
        } else if (lead.status == LeadStatus.NURTURE) {
            Map<String, Object> nurture = new LinkedHashMap<>();
            nurture.put("leadId", lead.leadId);
            nurture.putAll(lead.contactSummary());
            nurture.put("source", lead.source);
            nurture.put("campaign", lead.campaign);
            queues.send(config.nurtureQueueUrl(), nurture);
            lead.outputSent = LeadStatus.NURTURE.name();
            lead.dueAt = null;
            if (!leads.put(lead)) {
                LOG.warn("nurture mark lost to a concurrent write; a later look may re-send", "leadId", lead.leadId);
            }
        }
    }
}
