package dev.leadrouter.notification;

import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.handoff.HandOffMessage;

/**
 * What a rep is told about an assignment, at a glance: who (name, company, country), what (grade, score),
 * why this rep (one sentence), and the accept and decline links.
 */
record Notice(String event, String leadId, String repId, String repName, String leadName, String company,
              String country, String grade, Integer score, String why, String assignedAt, String previousRepId,
              String reason, String acceptUrl, String declineUrl) {

    static Notice of(HandOffMessage message, Lead lead, String repName, String acceptUrl, String declineUrl) {
        String name = String.join(" ", orEmpty(lead.firstName), orEmpty(lead.lastName)).strip();
        return new Notice(message.event(), lead.leadId, message.repId(), repName, name.isEmpty() ? "Unnamed lead" : name,
                lead.company, lead.country, lead.grade == null ? null : lead.grade.name(), lead.score,
                why(lead.assignment, lead, repName, message), message.assignedAt(), message.previousRepId(),
                message.reason(), acceptUrl, declineUrl);
    }

    /** One line: "Anna Schmidt, Acme Corp (DE)". */
    String headline() {
        return leadName + (company == null ? "" : ", " + company) + (country == null ? "" : " (" + country + ")");
    }

    /** "HOT, score 72". */
    String rating() {
        return (grade == null ? "not graded" : grade) + (score == null ? "" : ", score " + score);
    }

    String title() {
        return (HandOffMessage.REASSIGNED.equals(event) ? "Lead passed to you: " : "New lead for you: ") + headline();
    }

    /** Why this rep, in one sentence, from how the assignment was made. */
    static String why(Assignment assignment, Lead lead, String repName, HandOffMessage message) {
        String who = repName == null ? message.repId() : repName;
        String because;
        if (assignment == null || !message.assignedAt().equals(assignment.assignedAt())) {
            because = who + " was chosen by the routing rules";
        } else {
            String rule = assignment.ruleId() == null ? "" : " (rule " + assignment.ruleId() + ")";
            because = switch (assignment.strategy() == null ? "" : assignment.strategy()) {
                case "ACCOUNT_OWNER" -> who + " owns the account"
                        + (lead.emailDomain == null ? " of this lead" : " " + lead.emailDomain);
                case "ROUND_ROBIN" -> "It was " + who + "'s turn in team " + assignment.team() + rule;
                case "WEIGHTED" -> who + " was picked by weight in team " + assignment.team() + rule;
                case "LEAST_LOADED" -> who + " had the lightest load in team " + assignment.team() + rule;
                default -> who + " was chosen in team " + assignment.team() + rule;
            };
        }
        if (message.previousRepId() != null) {
            because += HandOffMessage.DECLINED.equals(message.reason())
                    ? ", after " + message.previousRepId() + " declined it"
                    : HandOffMessage.SLA_MISSED.equals(message.reason())
                    ? ", after " + message.previousRepId() + " did not accept it in time"
                    : ", moved from " + message.previousRepId();
        }
        return because.strip() + ".";
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
