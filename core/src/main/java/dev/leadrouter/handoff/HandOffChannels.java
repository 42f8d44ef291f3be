package dev.leadrouter.handoff;

import dev.leadrouter.domain.Notify;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a hand-off delivers on, decided in one place for both sides of the notifications queue: routing queues no
 * hand-off message for an assignment with nothing to deliver, and the notification function delivers on exactly
 * these channels, so the two cannot drift apart.
 */
public final class HandOffChannels {
    public static final String EMAIL = "email";
    public static final String SLACK = "slack";
    public static final String TEAMS = "teams";
    public static final String WEBHOOK = "webhook";
    public static final String SALESFORCE = "salesforce";
    public static final String HUBSPOT = "hubspot";
    /** The CRMs an owner is written back to (CONTRACT.md, "Owner write-back to the CRM"). */
    public static final Set<String> WRITE_BACK_CRMS = Set.of(SALESFORCE, HUBSPOT);

    private HandOffChannels() {
    }

    /**
     * The rep's channels for an assignment, in delivery order: email when asked for and the rep has an address,
     * then each webhook named.
     */
    public static List<String> ofAssignment(Notify notify, String repEmail) {
        List<String> channels = new ArrayList<>();
        if (notify.email() && repEmail != null && !repEmail.isBlank()) {
            channels.add(EMAIL);
        }
        if (notify.slackWebhookUrl() != null) {
            channels.add(SLACK);
        }
        if (notify.teamsWebhookUrl() != null) {
            channels.add(TEAMS);
        }
        if (notify.webhookUrl() != null) {
            channels.add(WEBHOOK);
        }
        return channels;
    }

    /** A lifecycle event goes to the generic webhook alone. */
    public static List<String> ofEvent(Notify notify) {
        return notify.webhookUrl() == null ? new ArrayList<>() : new ArrayList<>(List.of(WEBHOOK));
    }

    /**
     * Whether {@code rep}, as just read, has anywhere to receive a lifecycle event (with {@code settings}' default
     * channels). When not, the event's message would be received, cost a read of the rep and be deleted for nothing.
     */
    public static boolean anyChannelForEvents(Rep rep, Settings settings) {
        return !ofEvent(rep.notifyWith(settings)).isEmpty();
    }

    /**
     * The CRM an owner write-back may be due to for a lead held in {@code crm} (as {@link HandOffMessage#crmOf}
     * names it): that CRM when it is one written back to. Whether write-back to it is on, and the rep's owner id
     * there, only the notification function knows.
     */
    public static Optional<String> writeBackCrm(String crm) {
        return crm != null && WRITE_BACK_CRMS.contains(crm) ? Optional.of(crm) : Optional.empty();
    }

    /**
     * Whether an assignment has anything to hand off: a channel of the rep's, or an owner write-back that may be
     * due. When not, its hand-off message would be received, cost a read of the rep and be deleted for nothing.
     */
    public static boolean anythingToHandOff(Notify notify, String repEmail, String crm) {
        return !ofAssignment(notify, repEmail).isEmpty() || writeBackCrm(crm).isPresent();
    }
}
