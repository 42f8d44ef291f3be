package dev.leadrouter.notification;

import static dev.leadrouter.handoff.HandOffChannels.EMAIL;
import static dev.leadrouter.handoff.HandOffChannels.HUBSPOT;
import static dev.leadrouter.handoff.HandOffChannels.SALESFORCE;
import static dev.leadrouter.handoff.HandOffChannels.SLACK;
import static dev.leadrouter.handoff.HandOffChannels.TEAMS;
import static dev.leadrouter.handoff.HandOffChannels.WEBHOOK;

import dev.leadrouter.handoff.Outcome;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Notify;
import dev.leadrouter.handoff.ActionLinks;
import dev.leadrouter.handoff.HandOffChannels;
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

    /**
     * Names the channels first from what is cheap (the rep's item, the cached settings, what the message carries),
     * and reads the lead only when something is to be sent. Routing queues no message for an assignment with
     * nothing to hand off, so one that names no channel here is rare: a lifecycle event of a rep without the
     * generic webhook, a rep or settings edit that took the channels away within routing's cache time, or a CRM
     * lead whose write-back is off or whose rep has no owner id there.
     */
    public void handle(HandOffMessage message) throws Exception {
        LeadOfMessage lead = new LeadOfMessage(message);
        Optional<ObjectNode> found = items.rep(message.repId());
        if (found.isEmpty()) {
            if (!message.isAssignment() || superseded(message, lead.get())) {
                return; // an event of a rep since removed, or an assignment since moved on: nobody left to tell
            }
            throw new PermanentFailure("repId", "unknown rep " + message.repId());
        }
        ObjectNode rep = found.get();
        OrgItems.SettingsItem settings = items.settings();
        Notify notify = Notify.of(rep.get("notify"), settings.settings().defaultNotify());
        List<String> channels = message.isAssignment() ? assignmentChannels(message, lead, rep, notify)
                : HandOffChannels.ofEvent(notify);
        if (message.channel() != null) {
            channels.retainAll(List.of(message.channel()));
        }
        if (channels.isEmpty()) {
            return;
        }
        Lead current = lead.get(); // also for an event: one of a lead that does not exist fails for good
        if (message.isAssignment() && superseded(message, current)) {
            return;
        }
        Map<String, Supplier<Outcome>> deliveries = message.isAssignment()
                ? assignmentDeliveries(message, channels, current, rep, notify, settings)
                : eventDeliveries(message, notify, settings);
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

    /** The message's lead, read when first needed and then kept for this message. */
    private final class LeadOfMessage {
        private final HandOffMessage message;
        private Lead read;

        LeadOfMessage(HandOffMessage message) {
            this.message = message;
        }

        Lead get() {
            if (read == null) {
                read = leads.get(message.leadId())
                        .orElseThrow(() -> new PermanentFailure("leadId", "unknown lead " + message.leadId()));
            }
            return read;
        }
    }

    /**
     * The lead moved on before this (re)delivery: its links are void, and writing this rep back as the CRM owner
     * would undo the newer assignment's write-back.
     */
    private static boolean superseded(HandOffMessage message, Lead lead) {
        if (lead.assignment != null && message.assignedAt().equals(lead.assignment.assignedAt())) {
            return false;
        }
        LOG.info("assignment superseded; not notified", "leadId", lead.leadId, "repId", message.repId());
        return true;
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

    /**
     * The rep's channels for an assignment ({@link HandOffChannels}, as routing decided there was anything to
     * hand off), and the CRM the rep is written back to as the owner, if any.
     */
    private List<String> assignmentChannels(HandOffMessage message, LeadOfMessage lead, ObjectNode rep,
                                            Notify notify) {
        List<String> channels = HandOffChannels.ofAssignment(notify, OrgItems.text(rep, "email"));
        writeBackCrm(message, lead, rep).ifPresent(channels::add);
        return channels;
    }

    private Map<String, Supplier<Outcome>> assignmentDeliveries(HandOffMessage message, List<String> channels,
                                                                Lead lead, ObjectNode rep, Notify notify,
                                                                OrgItems.SettingsItem settings) {
        long expiresAt = Instant.parse(message.assignedAt()).plusSeconds(settings.settings().slaSeconds())
                .getEpochSecond();
        String base = config.publicApiUrl().replaceAll("/+$", "") + "/links/";
        String accept = base + links.token(new ActionLinks.Link(lead.leadId, message.repId(), message.assignedAt(),
                ActionLinks.ACCEPT, expiresAt));
        String decline = base + links.token(new ActionLinks.Link(lead.leadId, message.repId(), message.assignedAt(),
                ActionLinks.DECLINE, expiresAt));
        Notice notice = Notice.of(message, lead, OrgItems.text(rep, "name"), accept, decline);

        Map<String, Supplier<Outcome>> deliveries = new LinkedHashMap<>();
        for (String channel : channels) {
            deliveries.put(channel, switch (channel) {
                case EMAIL -> () -> config.senderEmail() == null
                        ? new Outcome.Failed("no sender address (SENDER_EMAIL) is configured", true)
                        : email.send(config.senderEmail(), OrgItems.text(rep, "email"), Payloads.email(notice),
                        lead.leadId, message.repId());
                case SLACK -> () -> post(notify.slackWebhookUrl(), Payloads.slack(notice), Map.of());
                case TEAMS -> () -> post(notify.teamsWebhookUrl(), Payloads.teams(notice), Map.of());
                case WEBHOOK -> () -> signedPost(notify.webhookUrl(), Payloads.webhookAssignment(notice), settings);
                default -> crmWriteBack(channel, lead, rep);
            });
        }
        return deliveries;
    }

    private Map<String, Supplier<Outcome>> eventDeliveries(HandOffMessage message, Notify notify,
                                                           OrgItems.SettingsItem settings) {
        return Map.of(WEBHOOK, () -> signedPost(notify.webhookUrl(), Payloads.webhookEvent(message), settings));
    }

    /**
     * The CRM the rep is to be written back to as the lead's owner: the lead's CRM (carried in the message, read
     * from the lead for a message that predates that), when write-back to it is on and the rep has an owner id there.
     */
    private Optional<String> writeBackCrm(HandOffMessage message, LeadOfMessage lead, ObjectNode rep) {
        if (config.salesforceUrl() == null && config.hubspotUrl() == null) {
            return Optional.empty();
        }
        String crm = message.crm() != null ? message.crm() : HandOffMessage.crmOf(lead.get());
        if (HandOffChannels.writeBackCrm(crm).isEmpty() || crmUrl(crm) == null) {
            return Optional.empty();
        }
        if (OrgItems.text(rep.path("crmOwnerIds"), crm) == null) {
            LOG.warn("rep has no CRM owner id; owner not written back", "leadId", message.leadId(),
                    "repId", message.repId(), "crm", crm);
            return Optional.empty();
        }
        return Optional.of(crm);
    }

    /** Where write-back to {@code crm} goes; null when it is off or not a CRM written back to. */
    private String crmUrl(String crm) {
        return switch (crm) {
            case SALESFORCE -> config.salesforceUrl();
            case HUBSPOT -> config.hubspotUrl();
            default -> null;
        };
    }

    /** The PATCH that makes the rep the owner of the lead's record in {@code crm}. */
    private Supplier<Outcome> crmWriteBack(String crm, Lead lead, ObjectNode rep) {
        String token = SALESFORCE.equals(crm) ? config.salesforceToken() : config.hubspotToken();
        String ownerId = OrgItems.text(rep.path("crmOwnerIds"), crm);
        String base = crmUrl(crm).replaceAll("/+$", "");
        String record = URLEncoder.encode(lead.externalId, StandardCharsets.UTF_8);
        String target;
        ObjectNode body = Json.object();
        if (SALESFORCE.equals(crm)) {
            target = base + "/services/data/v60.0/sobjects/Lead/" + record;
            body.put("OwnerId", ownerId);
        } else {
            target = base + "/crm/v3/objects/contacts/" + record;
            body.putObject("properties").put("hubspot_owner_id", ownerId);
        }
        Map<String, String> headers = token == null ? Map.of() : Map.of("authorization", "Bearer " + token);
        return () -> web.send("PATCH", target, Json.write(body).getBytes(StandardCharsets.UTF_8), headers);
    }

    private Outcome post(String url, ObjectNode payload, Map<String, String> headers) {
        return web.send("POST", url, Json.write(payload).getBytes(StandardCharsets.UTF_8), headers);
    }

    private Outcome signedPost(String url, ObjectNode payload, OrgItems.SettingsItem settings) {
        String secret = OrgItems.text(settings.item(), "webhookSecret");
        if (secret == null) {
            return new Outcome.Failed("the settings item has no webhookSecret to sign the webhook with", true);
        }
        byte[] body = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        return web.send("POST", url, body, Map.of("x-leadrouter-signature", Hmac.signatureHeader(secret, body)));
    }

    private static boolean isCrm(String channel) {
        return HandOffChannels.WRITE_BACK_CRMS.contains(channel);
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
