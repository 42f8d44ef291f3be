package dev.leadrouter.notification;

import dev.leadrouter.handoff.Outcome;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.handoff.ActionLinks;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.handoff.Hmac;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.lifecycle.LeadTransitions;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.DeliveryMarks;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.rules.RuleSet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Tells a rep about an assignment on every channel they asked for, writes the owner back to the CRM the lead
 * came from, and forwards lifecycle events to the generic webhook. Channels are delivered side by side, each
 * at most once per assignment and event (see {@link DeliveryMarks}); a channel that fails is retried on its own
 * with growing delays, and one that keeps failing, or is refused for good, ends in the dead-letter queue with
 * the other side's answer. Nothing here touches the assignment itself.
 */
public final class HandOff {
    static final String EMAIL = "email";
    static final String SLACK = "slack";
    static final String TEAMS = "teams";
    static final String WEBHOOK = "webhook";
    static final String SALESFORCE = "salesforce";
    static final String HUBSPOT = "hubspot";
    /** Tries per channel: with the delays below, about 40 minutes before the dead-letter queue. */
    static final int MAX_ATTEMPTS = 8;
    private static final Log LOG = Log.of(HandOff.class);
    private static final int HISTORY_ATTEMPTS = 10;

    private final Leads leads;
    private final OrgItems items;
    private final DeliveryMarks marks;
    private final WebPoster web;
    private final EmailSender email;
    private final Publisher publisher;
    private final HandOffConfig config;
    private final ActionLinks links;
    private final Clock clock;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    HandOff(Leads leads, OrgItems items, DeliveryMarks marks, WebPoster web, EmailSender email, Publisher publisher,
            HandOffConfig config, Clock clock) {
        if (config.linkSecret() == null || config.publicApiUrl() == null) {
            throw new IllegalStateException("LINK_SECRET and PUBLIC_API_URL must be set");
        }
        this.leads = leads;
        this.items = items;
        this.marks = marks;
        this.web = web;
        this.email = email;
        this.publisher = publisher;
        this.config = config;
        this.links = new ActionLinks(config.linkSecret());
        this.clock = clock;
    }

    public void handle(HandOffMessage message) throws Exception {
        Lead lead = leads.get(message.leadId())
                .orElseThrow(() -> new PermanentFailure("leadId", "unknown lead " + message.leadId()));
        if (message.isAssignment() && (lead.assignment == null
                || !message.assignedAt().equals(lead.assignment.assignedAt()))) {
            // The lead moved on before this (re)delivery: its links are void, and writing this rep back as the
            // CRM owner would undo the newer assignment's write-back.
            LOG.info("assignment superseded; not notified", "leadId", lead.leadId, "repId", message.repId());
            return;
        }
        Optional<ObjectNode> found = items.rep(message.repId());
        if (found.isEmpty() && !message.isAssignment()) {
            return; // an event of a rep since removed: nobody left to tell
        }
        ObjectNode rep = found.orElseThrow(() -> new PermanentFailure("repId", "unknown rep " + message.repId()));
        ObjectNode settings = items.settings();
        Map<String, Supplier<Outcome>> deliveries = message.isAssignment()
                ? assignmentDeliveries(message, lead, rep, settings) : eventDeliveries(message, rep, settings);
        if (message.channel() != null) {
            deliveries.keySet().retainAll(List.of(message.channel()));
        }
        List<Future<Void>> running = new ArrayList<>();
        deliveries.forEach((channel, delivery) -> running.add(workers.submit(deliver(message, channel, delivery))));
        Exception failure = null;
        for (Future<Void> delivery : running) {
            try {
                delivery.get();
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        if (failure != null) {
            throw failure; // the message comes back; channels already sent are skipped then
        }
    }

    private Callable<Void> deliver(HandOffMessage message, String channel, Supplier<Outcome> delivery) {
        return () -> {
            String key = DeliveryMarks.key(message.leadId(), message.assignedAt(), message.event(), channel);
            if (!marks.claim(key)) {
                return null; // sent already, or being sent by another delivery of this message
            }
            Outcome outcome;
            try {
                outcome = delivery.get();
            } catch (RuntimeException e) {
                outcome = new Outcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage(), false);
            }
            switch (outcome) {
                case Outcome.Sent ignored -> {
                    marks.sent(key);
                    sent(message, channel);
                }
                case Outcome.Failed failed -> {
                    marks.release(key);
                    failed(message, channel, failed);
                }
            }
            return null;
        };
    }

    private void sent(HandOffMessage message, String channel) {
        long afterAssignment = Duration.between(Instant.parse(message.assignedAt()), clock.instant()).toMillis();
        LOG.info("notification sent", "leadId", message.leadId(), "repId", message.repId(), "event", message.event(),
                "channel", channel, "msAfterAssignment", afterAssignment);
        if (isCrm(channel)) {
            recordHistory(message.leadId(), true, channel + " owner set for rep " + message.repId());
        }
    }

    private void failed(HandOffMessage message, String channel, Outcome.Failed failed) {
        HandOffMessage retry = message.retry(channel);
        if (failed.permanent() || retry.attempt() >= MAX_ATTEMPTS) {
            LOG.warn("notification failed for good, moved to the dead-letter queue", "leadId", message.leadId(),
                    "repId", message.repId(), "event", message.event(), "channel", channel, "answer", failed.answer());
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("errors", Json.write(Map.of("errors", List.of(Map.of("field", channel,
                    "message", Outcome.abbreviate(failed.answer(), 1000))))));
            attributes.put("channel", channel);
            attributes.put("response", Outcome.abbreviate(failed.answer(), 4000));
            publisher.handOffDeadLetter(retry, attributes);
            if (isCrm(channel)) {
                recordHistory(message.leadId(), false, channel + " refused the owner of rep "
                        + message.repId() + ": " + Outcome.abbreviate(failed.answer(), 300));
            }
            return;
        }
        int delay = retryDelaySeconds(retry.attempt());
        LOG.warn("notification failed, will be retried", "leadId", message.leadId(), "repId", message.repId(),
                "event", message.event(), "channel", channel, "attempt", retry.attempt(), "delaySeconds", delay,
                "answer", Outcome.abbreviate(failed.answer(), 300));
        publisher.handOff(retry, delay);
    }

    /** 5 s, 15 s, 45 s, ... up to SQS's 15 minute delay limit. */
    static int retryDelaySeconds(int attempt) {
        long delay = 5;
        for (int i = 1; i < attempt && delay < Publisher.MAX_DELAY_SECONDS; i++) {
            delay *= 3;
        }
        return (int) Math.min(delay, Publisher.MAX_DELAY_SECONDS);
    }

    private Map<String, Supplier<Outcome>> assignmentDeliveries(HandOffMessage message, Lead lead, ObjectNode rep,
                                                                ObjectNode settings) {
        long expiresAt = Instant.parse(message.assignedAt()).plusSeconds(RuleSet.settingsOf(settings).slaSeconds()).getEpochSecond();
        String base = config.publicApiUrl().replaceAll("/+$", "") + "/links/";
        String accept = base + links.token(new ActionLinks.Link(lead.leadId, message.repId(), message.assignedAt(),
                ActionLinks.ACCEPT, expiresAt));
        String decline = base + links.token(new ActionLinks.Link(lead.leadId, message.repId(), message.assignedAt(),
                ActionLinks.DECLINE, expiresAt));
        String repName = OrgItems.text(rep, "name");
        Notice notice = Notice.of(message, lead, repName, accept, decline);
        OrgItems.Notify notify = OrgItems.Notify.of(rep, settings);

        Map<String, Supplier<Outcome>> deliveries = new LinkedHashMap<>();
        String repEmail = OrgItems.text(rep, "email");
        if (notify.email() && repEmail != null) {
            deliveries.put(EMAIL, () -> config.senderEmail() == null
                    ? new Outcome.Failed("no sender address (SENDER_EMAIL) is configured", true)
                    : email.send(config.senderEmail(), repEmail, Payloads.email(notice), lead.leadId, message.repId()));
        }
        if (notify.slackWebhookUrl() != null) {
            deliveries.put(SLACK, () -> post(notify.slackWebhookUrl(), Payloads.slack(notice), Map.of()));
        }
        if (notify.teamsWebhookUrl() != null) {
            deliveries.put(TEAMS, () -> post(notify.teamsWebhookUrl(), Payloads.teams(notice), Map.of()));
        }
        if (notify.webhookUrl() != null) {
            deliveries.put(WEBHOOK, () -> signedPost(notify.webhookUrl(), Payloads.webhookAssignment(notice), settings));
        }
        crmWriteBack(message, lead, rep).ifPresent(writeBack -> deliveries.put(lead.crm, writeBack));
        return deliveries;
    }

    private Map<String, Supplier<Outcome>> eventDeliveries(HandOffMessage message, ObjectNode rep, ObjectNode settings) {
        Map<String, Supplier<Outcome>> deliveries = new LinkedHashMap<>();
        String url = OrgItems.Notify.of(rep, settings).webhookUrl();
        if (url != null) {
            deliveries.put(WEBHOOK, () -> signedPost(url, Payloads.webhookEvent(message), settings));
        }
        return deliveries;
    }

    /** The PATCH that makes the rep the lead's owner in its CRM, when write-back to that CRM is on. */
    private Optional<Supplier<Outcome>> crmWriteBack(HandOffMessage message, Lead lead, ObjectNode rep) {
        if (lead.crm == null || lead.externalId == null) {
            return Optional.empty();
        }
        String url;
        String token;
        switch (lead.crm) {
            case SALESFORCE -> {
                url = config.salesforceUrl();
                token = config.salesforceToken();
            }
            case HUBSPOT -> {
                url = config.hubspotUrl();
                token = config.hubspotToken();
            }
            default -> {
                return Optional.empty();
            }
        }
        if (url == null) {
            return Optional.empty();
        }
        String ownerId = OrgItems.text(rep.path("crmOwnerIds"), lead.crm);
        if (ownerId == null) {
            LOG.warn("rep has no CRM owner id; owner not written back", "leadId", lead.leadId,
                    "repId", message.repId(), "crm", lead.crm);
            return Optional.empty();
        }
        String base = url.replaceAll("/+$", "");
        String record = URLEncoder.encode(lead.externalId, StandardCharsets.UTF_8);
        String target;
        ObjectNode body = Json.object();
        if (SALESFORCE.equals(lead.crm)) {
            target = base + "/services/data/v60.0/sobjects/Lead/" + record;
            body.put("OwnerId", ownerId);
        } else {
            target = base + "/crm/v3/objects/contacts/" + record;
            body.putObject("properties").put("hubspot_owner_id", ownerId);
        }
        Map<String, String> headers = token == null ? Map.of() : Map.of("authorization", "Bearer " + token);
        return Optional.of(() -> web.send("PATCH", target, Json.write(body).getBytes(StandardCharsets.UTF_8),
                headers));
    }

    private Outcome post(String url, ObjectNode payload, Map<String, String> headers) {
        return web.send("POST", url, Json.write(payload).getBytes(StandardCharsets.UTF_8), headers);
    }

    private Outcome signedPost(String url, ObjectNode payload, ObjectNode settings) {
        String secret = OrgItems.text(settings, "webhookSecret");
        if (secret == null) {
            return new Outcome.Failed("the settings item has no webhookSecret to sign the webhook with", true);
        }
        byte[] body = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        return web.send("POST", url, body, Map.of("x-leadrouter-signature", Hmac.signatureHeader(secret, body)));
    }

    private static boolean isCrm(String channel) {
        return SALESFORCE.equals(channel) || HUBSPOT.equals(channel);
    }

    /** Adds a history entry on fresh data: the lead's other writers keep their optimistic writes. */
    private void recordHistory(String leadId, boolean written, String detail) {
        for (int attempt = 0; attempt < HISTORY_ATTEMPTS; attempt++) {
            Lead lead = leads.get(leadId).orElse(null);
            if (lead == null) {
                return;
            }
            LeadTransitions.ownerWriteBack(lead, written, detail, clock.instant());
            if (leads.saveIfVersion(lead)) {
                return;
            }
        }
        LOG.warn("history entry lost to concurrent writes", "leadId", leadId, "written", written);
    }
}
