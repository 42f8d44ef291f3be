package dev.leadrouter.port;

import dev.leadrouter.handoff.Outcome;

/** Sends one email (in AWS through SES v2). */
public interface Mailer {
    Outcome send(String from, String to, String subject, String text, String html);
}
