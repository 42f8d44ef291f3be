package dev.leadrouter.notification;

import dev.leadrouter.log.Log;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/** Sends a rep's notification email. */
interface EmailSender {
    Outcome send(String from, String to, Payloads.Email email, String leadId, String repId);

    /** Through SES v2 {@code SendEmail}. */
    static EmailSender ses(SesV2Client ses) {
        return (from, to, email, leadId, repId) -> {
            try {
                ses.sendEmail(r -> r.fromEmailAddress(from)
                        .destination(d -> d.toAddresses(to))
                        .content(c -> c.simple(m -> m
                                .subject(s -> s.data(email.subject()).charset("UTF-8"))
                                .body(b -> b.text(t -> t.data(email.text()).charset("UTF-8"))
                                        .html(h -> h.data(email.html()).charset("UTF-8"))))));
                return Outcome.SENT;
            } catch (SesV2Exception e) {
                int status = e.statusCode();
                String answer = "SES " + status + ": " + (e.awsErrorDetails() == null ? e.getMessage()
                        : e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage());
                return new Outcome.Failed(answer, status >= 400 && status < 500 && status != 429);
            } catch (RuntimeException e) {
                return new Outcome.Failed("SES unreachable: " + e.getMessage(), false);
            }
        };
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
