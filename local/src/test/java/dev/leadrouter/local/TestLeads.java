package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Lead bodies, unique contact details and queue helpers for the intake tests. */
final class TestLeads {
    private TestLeads() {
    }

    /** {@code name.<random>@domain}: no other lead of the run has it. */
    static String uniqueEmail(String name, String domain) {
        return name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@" + domain;
    }

    /** A Berlin number as people type it, e.g. {@code +49 30 51234567}; its E.164 form drops the spaces. */
    static String uniqueBerlinPhone() {
        return "+49 30 " + ThreadLocalRandom.current().nextInt(10_000_000, 100_000_000);
    }

    static String e164(String phone) {
        return phone.replace(" ", "");
    }

    /**
     * A WARM lead that no routing rule of the sample org claims: it goes to the fallback team, whose reps
     * work at any hour, so it is ASSIGNED whenever the test runs.
     */
    static ObjectNode warmLead(String email) {
        ObjectNode lead = Json.object();
        lead.put("email", email);
        lead.put("firstName", "Ana");
        lead.put("lastName", "Souza");
        lead.put("company", "Souza Logistica");
        lead.put("title", "VP Sales");
        lead.put("country", "BR");
        lead.put("employees", 1500);
        lead.put("source", "EVENT");
        return lead;
    }

    /** A COLD lead (free mail, small company): it ends in NURTURE and takes no rep's capacity. */
    static ObjectNode coldLead(String email) {
        ObjectNode lead = Json.object();
        lead.put("email", email);
        lead.put("country", "BR");
        lead.put("employees", 3);
        lead.put("message", "just looking");
        return lead;
    }

    static String leadId(HttpResponse<String> response) {
        String leadId = Json.parse(response.body()).path("leadId").asText();
        if (leadId.isEmpty()) {
            throw new AssertionError("no leadId in " + response.statusCode() + " " + response.body());
        }
        return leadId;
    }

    /** The entries of a lead's history with this event. */
    static List<JsonNode> history(JsonNode lead, String event) {
        List<JsonNode> entries = new ArrayList<>();
        lead.path("history").forEach(entry -> {
            if (entry.path("event").asText().equals(event)) {
                entries.add(entry);
            }
        });
        return entries;
    }

    /** {@code config} with the qualification queue at {@code queueUrl}, e.g. one that does not exist. */
    static Config withQualificationQueue(Config config, String queueUrl) {
        return new Config(config.leadsTable(), config.repsTable(), config.rulesTable(), config.accountsTable(),
                config.crmImportQueueUrl(), config.crmImportDlqUrl(), queueUrl, config.qualificationDlqUrl(),
                config.routingQueueUrl(), config.routingDlqUrl(), config.assignmentsQueueUrl(), config.nurtureQueueUrl(),
                config.rulesCacheTtl(), config.stuckAfter(), config.googleAdsKey(), config.metaAppSecret(),
                config.metaVerifyToken(), config.metaAccessToken(), config.metaGraphUrl(), config.handOff());
    }

    /** A queue URL on the stack's SQS endpoint that names no queue: every send fails. */
    static String missingQueueUrl(LocalStack stack) {
        return stack.sqsEndpoint() + "/" + LocalStack.ACCOUNT_ID + "/lead-router-no-such-queue";
    }

    /** Visible and in-flight messages; delayed ones (SLA checks due minutes later) are not counted. */
    static int pendingMessages(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /**
     * Takes the messages of {@code queueUrl} whose body is one of {@code bodies} off the queue (with their
     * attributes); others are made visible again at once. Gives up after a few rounds of other messages.
     */
    static List<Message> take(SqsClient sqs, String queueUrl, List<String> bodies) {
        List<Message> taken = new ArrayList<>();
        for (int round = 0; round < 20 && taken.size() < bodies.size(); round++) {
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            for (Message message : received) {
                if (bodies.contains(message.body())) {
                    taken.add(message);
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                } else {
                    sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                            .visibilityTimeout(0));
                }
            }
            if (received.isEmpty()) {
                break;
            }
        }
        return taken;
    }
}
