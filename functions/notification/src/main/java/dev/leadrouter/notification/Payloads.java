package dev.leadrouter.notification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.json.Json;

/** Each channel's message in that platform's own documented format. */
final class Payloads {
    private Payloads() {
    }

    /**
     * Slack incoming webhook: Block Kit {@code blocks} (header, section with fields, actions with two URL
     * buttons) and a top-level {@code text} that Slack shows in notifications and where blocks cannot be shown.
     */
    static ObjectNode slack(Notice notice) {
        ObjectNode message = Json.object();
        message.put("text", notice.title() + " (" + notice.rating() + ")");
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", abbreviate(notice.title(), 150));
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", slackEscape(notice.why()));
        ArrayNode fields = section.putArray("fields");
        field(fields, "Lead", notice.leadName());
        field(fields, "Company", notice.company());
        field(fields, "Country", notice.country());
        field(fields, "Grade", notice.rating());
        ObjectNode actions = blocks.addObject().put("type", "actions");
        ArrayNode buttons = actions.putArray("elements");
        slackButton(buttons, "Accept", notice.acceptUrl(), "accept").put("style", "primary");
        slackButton(buttons, "Decline", notice.declineUrl(), "decline").put("style", "danger");
        return message;
    }

    /**
     * Microsoft Teams incoming webhook (and Workflows webhook): a {@code message} with one Adaptive Card
     * attachment, its facts in a FactSet and the links as {@code Action.OpenUrl}.
     */
    static ObjectNode teams(Notice notice) {
        ObjectNode message = Json.object();
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.2");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", notice.title()).put("size", "Large")
                .put("weight", "Bolder").put("wrap", true);
        body.addObject().put("type", "TextBlock").put("text", notice.why()).put("wrap", true);
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Lead", notice.leadName());
        fact(facts, "Company", notice.company());
        fact(facts, "Country", notice.country());
        fact(facts, "Grade", notice.rating());
        ArrayNode actions = card.putArray("actions");
        actions.addObject().put("type", "Action.OpenUrl").put("title", "Accept").put("url", notice.acceptUrl());
        actions.addObject().put("type", "Action.OpenUrl").put("title", "Decline").put("url", notice.declineUrl());
        return message;
    }

    /** The generic webhook's assignment event (ASSIGNED or REASSIGNED), with the links. */
    static ObjectNode webhookAssignment(Notice notice) {
        ObjectNode event = webhookBase(notice.event(), notice.leadId(), notice.repId(), notice.assignedAt(),
                notice.assignedAt());
        if (notice.previousRepId() != null) {
            event.put("previousRepId", notice.previousRepId());
            event.put("reason", notice.reason());
        }
        ObjectNode lead = event.putObject("lead");
        lead.put("name", notice.leadName());
        putIfSet(lead, "company", notice.company());
        putIfSet(lead, "country", notice.country());
        putIfSet(lead, "grade", notice.grade());
        if (notice.score() != null) {
            lead.put("score", notice.score());
        }
        event.put("why", notice.why());
        event.put("acceptUrl", notice.acceptUrl());
        event.put("declineUrl", notice.declineUrl());
        return event;
    }

    /** The generic webhook's lifecycle event: ACCEPTED, DECLINED, SLA_MISSED or CLOSED, with lead id, rep and time. */
    static ObjectNode webhookEvent(HandOffMessage message) {
        return webhookBase(message.event(), message.leadId(), message.repId(), message.assignedAt(), message.at());
    }

    private static ObjectNode webhookBase(String type, String leadId, String repId, String assignedAt, String at) {
        ObjectNode event = Json.object();
        event.put("event", type);
        event.put("leadId", leadId);
        event.put("repId", repId);
        event.put("assignedAt", assignedAt);
        event.put("at", at);
        return event;
    }

    /** Subject, plain text and HTML of the email. */
    record Email(String subject, String text, String html) {
    }

    static Email email(Notice notice) {
        String text = notice.title() + "\n\n" + notice.why() + "\n\n"
                + "Lead: " + notice.leadName() + "\n"
                + "Company: " + orDash(notice.company()) + "\n"
                + "Country: " + orDash(notice.country()) + "\n"
                + "Grade: " + notice.rating() + "\n\n"
                + "Accept: " + notice.acceptUrl() + "\n"
                + "Decline: " + notice.declineUrl() + "\n";
        String html = "<!doctype html><html><body style=\"font-family:sans-serif\">"
                + "<h2>" + html(notice.title()) + "</h2><p>" + html(notice.why()) + "</p><table>"
                + row("Lead", notice.leadName()) + row("Company", notice.company()) + row("Country", notice.country())
                + row("Grade", notice.rating()) + "</table><p>"
                + "<a href=\"" + html(notice.acceptUrl()) + "\">Accept</a> &nbsp; "
                + "<a href=\"" + html(notice.declineUrl()) + "\">Decline</a></p></body></html>";
        return new Email(notice.title() + " (" + notice.rating() + ")", text, html);
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + slackEscape(orDash(value)));
    }

    private static ObjectNode slackButton(ArrayNode buttons, String label, String url, String actionId) {
        ObjectNode button = buttons.addObject().put("type", "button");
        button.putObject("text").put("type", "plain_text").put("text", label);
        return button.put("url", url).put("action_id", actionId);
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.addObject().put("title", title).put("value", orDash(value));
    }

    private static String row(String label, String value) {
        return "<tr><td><b>" + label + "</b></td><td>" + html(orDash(value)) + "</td></tr>";
    }

    /** Slack's mrkdwn control characters, escaped as its formatting guide asks. */
    static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
