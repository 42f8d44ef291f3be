package dev.leadrouter.notification;

import dev.leadrouter.handoff.Outcome;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Mailer;

/** Sends a rep's notification email. */
interface EmailSender {
    Outcome send(String from, String to, Payloads.Email email, String leadId, String repId);

    /** Through {@code mailer} (in AWS, SES v2). */
    static EmailSender through(Mailer mailer) {
        return (from, to, email, leadId, repId) -> mailer.send(from, to, email.subject(), email.text(), email.html());
    }

    /** Locally without an SES endpoint: the email is printed (the rep named by id, not by address). */
    static EmailSender printed() {
        Log log = Log.of(EmailSender.class);
        return (from, to, email, leadId, repId) -> {
            log.info("email not sent (no SES endpoint); printed instead", "leadId", leadId, "repId", repId,
                    "subject", email.subject(), "text", email.text());
            return Outcome.SENT;
        };
    }
}
