package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.json.Json;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.routing.RoutingHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The routing function queues a hand-off message only for an assignment with anything to hand off (CONTRACT.md,
 * "Hand-off to the rep"): a rep told on some channel (their own or the settings' default), or a lead from a CRM its
 * owner may be written back to. A rep told on no channel, with a lead from no CRM, gets none; the lifecycle event of
 * a rep with the generic webhook still goes out. Counted on a notifications queue of the test's own.
 */
@Tag("integration")
class NothingToHandOffIT {
    @Test
    void onlyAnAssignmentWithAChannelOrACrmLeadIsHandedOff() {
        try (IsolatedStack stack = IsolatedStack.start()) {
            stack.putRule(settings(""));
            stack.putRule(countryRule("to-quiet", "DE", "quiet"));
            stack.putRule(countryRule("to-told", "FR", "told"));
            stack.putRep(rep("r-quiet", "quiet", ""));
            stack.putRep(rep("r-told", "told", ", \"notify\": {\"webhookUrl\": \"https://hooks.example/r-told\"}"));
            String notifications = stack.sqs().createQueue(r -> r.queueName(
                    "lead-router-notifications-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
            RoutingHandler routing = routingHandler(stack, notifications);

            Lead quiet = route(stack, routing, qualified(stack, "DE", null));
            Lead told = route(stack, routing, qualified(stack, "FR", null));
            Lead imported = route(stack, routing, qualified(stack, "DE", "00QNOTHINGTOHANDOFF"));
            assertEquals(List.of("r-quiet", "r-told", "r-quiet"),
                    List.of(quiet.assignment.repId(), told.assignment.repId(), imported.assignment.repId()));
            assertEquals(quiet.assignment.assignedAt(), quiet.outputSent, "announced without a hand-off");
            assertEquals(Map.of(told.leadId, List.of("ASSIGNED r-told "), imported.leadId,
                    List.of("ASSIGNED r-quiet salesforce")), handOffs(stack, notifications));
            assertEquals(3, stack.drain(stack.direct().assignmentsQueueUrl()).size(), "every assignment announced");

            // Declined by the told rep, the lead falls back to the quiet one: the told rep's DECLINED event, no REASSIGNED.
            routing.handleRequest(IsolatedStack.event(Json.write(LeadMessage.decline(told.leadId,
                    told.assignment.assignedAt(), "r-told"))), null);
            Lead moved = stack.lead(told.leadId);
            assertEquals("r-quiet", moved.assignment.repId(), moved.history.toString());
            assertEquals(Map.of(told.leadId, List.of("DECLINED r-told ")), handOffs(stack, notifications));

            // The settings' default channel reaches every rep whose item says nothing.
            stack.putRule(settings("\"notify\": {\"email\": true},"));
            Lead byDefault = route(stack, routing, qualified(stack, "DE", null));
            assertEquals(Map.of(byDefault.leadId, List.of("ASSIGNED r-quiet ")), handOffs(stack, notifications));
        }
    }

    /** Routing on the stack's tables and private queues, its hand-off messages on {@code notificationsQueueUrl}. */
    private static RoutingHandler routingHandler(IsolatedStack stack, String notificationsQueueUrl) {
        HandOffConfig h = stack.direct().handOff();
        HandOffConfig handOff = new HandOffConfig(notificationsQueueUrl, null, h.linkSecret(), h.publicApiUrl(),
                h.sesEndpoint(), h.senderEmail(), h.salesforceUrl(), h.salesforceToken(), h.hubspotUrl(),
                h.hubspotToken());
        return new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()), stack.direct(), handOff,
                Clock.systemUTC());
    }

    /** The hand-off messages now queued, by lead: "event repId crm". */
    private static Map<String, List<String>> handOffs(IsolatedStack stack, String queueUrl) {
        return stack.drainBodies(queueUrl).stream().collect(Collectors.groupingBy(m -> m.path("leadId").asText(),
                Collectors.mapping(NothingToHandOffIT::summary, Collectors.toList())));
    }

    private static String summary(JsonNode message) {
        return message.path("event").asText() + " " + message.path("repId").asText() + " "
                + message.path("crm").asText();
    }

    private static Lead route(IsolatedStack stack, RoutingHandler routing, Lead lead) {
        SQSBatchResponse response = routing.handleRequest(
                IsolatedStack.event(IsolatedStack.routeMessage(lead.leadId)), null);
        assertEquals(List.of(), response.getBatchItemFailures());
        return stack.lead(lead.leadId);
    }

    /** A qualified lead from {@code country}; imported from Salesforce when {@code salesforceId} is set. */
    private static Lead qualified(IsolatedStack stack, String country, String salesforceId) {
        Lead lead = stack.newLead("QUALIFIED", TestLeads.uniqueEmail("quiet", "handoff.example"), Map.of());
        lead.country = country;
        lead.score = 70;
        lead.grade = Grade.HOT;
        if (salesforceId != null) {
            lead.crm = "salesforce";
            lead.externalId = salesforceId;
        }
        return stack.store(lead);
    }

    /** The settings item, with {@code extra} attributes (each followed by a comma); falls back to team quiet. */
    private static String settings(String extra) {
        return """
                {"ruleId": "settings", "stage": "SETTINGS", %s "hotScore": 0, "warmScore": 0, "fallbackTeam": "quiet",
                 "slaSeconds": 600, "parkRetrySeconds": 3600}""".formatted(extra);
    }

    private static String countryRule(String ruleId, String country, String team) {
        return """
                {"ruleId": "%s", "stage": "ROUTING", "priority": 10, "enabled": true, "team": "%s",
                 "strategy": "ROUND_ROBIN", "conditions": [{"field": "country", "op": "eq", "value": "%s"}]}"""
                .formatted(ruleId, team, country);
    }

    private static String rep(String repId, String team, String extra) {
        return """
                {"repId": "%s", "name": "Rep %s", "email": "%s@example.com", "teams": ["%s"], "active": true,
                 "capacity": 100, "openLeads": 0, "timezone": "UTC"%s}""".formatted(repId, repId, repId, team, extra);
    }
}
