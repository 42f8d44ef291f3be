package dev.leadrouter.aws;

import dev.leadrouter.handoff.Outcome;
import dev.leadrouter.port.Mailer;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/** Email through SES v2 {@code SendEmail}; a 4xx but 429 is refused for good, anything else is worth a retry. */
public final class SesMailer implements Mailer {
    private final SesV2Client ses;

    public SesMailer(SesV2Client ses) {
        this.ses = ses;
    }

    /** As the notification function runs: the SES client of {@link AwsClients}, at SES_ENDPOINT when set. */
    public static SesMailer fromEnvironment() {
        return new SesMailer(AwsClients.configured(SesV2Client.builder(), "SES_ENDPOINT").build());
    }

    @Override
    public Outcome send(String from, String to, String subject, String text, String html) {
        try {
            ses.sendEmail(r -> r.fromEmailAddress(from)
                    .destination(d -> d.toAddresses(to))
                    .content(c -> c.simple(m -> m
                            .subject(s -> s.data(subject).charset("UTF-8"))
                            .body(b -> b.text(t -> t.data(text).charset("UTF-8"))
                                    .html(h -> h.data(html).charset("UTF-8"))))));
            return Outcome.SENT;
        } catch (SesV2Exception e) {
            int status = e.statusCode();
            String answer = "SES " + status + ": " + (e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage());
            return new Outcome.Failed(answer, status >= 400 && status < 500 && status != 429);
        } catch (RuntimeException e) {
            return new Outcome.Failed("SES unreachable: " + e.getMessage(), false);
        }
    }
}
