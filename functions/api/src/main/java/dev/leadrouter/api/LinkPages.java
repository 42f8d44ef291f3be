package dev.leadrouter.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.handoff.ActionLinks;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Leads;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public pages behind the accept and decline links of a notification ({@code /links/{token}}). GET only
 * shows the lead and one button, so link previews and mail scanners change nothing; the button's POST acts,
 * exactly as the rep's own accept or decline would, once: the first use of either link of an assignment is
 * recorded, and from then on, or once the SLA has run out, both answer 410.
 */
final class LinkPages {
    static final String PATH_PREFIX = "/links/";
    private static final Log LOG = Log.of(LinkPages.class);
    /** How long a use record outlives its link, so a late click still finds it. */
    private static final long USE_RECORD_DAYS = 7;
    private static final Map<String, String> HEADERS = Map.of(
            "content-type", "text/html; charset=utf-8",
            "cache-control", "no-store",
            "referrer-policy", "no-referrer",
            "x-robots-tag", "noindex",
            "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");

    private final ActionLinks links;
    private final Leads leads;
    private final LeadLifecycle lifecycle;
    private final Clock clock;

    LinkPages(ActionLinks links, Leads leads, LeadLifecycle lifecycle, Clock clock) {
        this.links = links;
        this.leads = leads;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    APIGatewayV2HTTPResponse handle(String method, String token) {
        Optional<ActionLinks.Link> verified = links.verify(token);
        if (verified.isEmpty()) {
            return page(404, "Link not valid", "This link is not valid. Open the lead in your CRM instead.", null);
        }
        ActionLinks.Link link = verified.get();
        if (clock.instant().getEpochSecond() >= link.expiresAt()) {
            return page(410, "Link expired", "This link has expired: the time to respond to this lead is over.", null);
        }
        if (leads.used(link.useKey())) {
            return page(410, "Link already used", "This lead was already answered from one of its links.", null);
        }
        Optional<Lead> lead = leads.get(link.leadId());
        if (lead.isEmpty()) {
            return page(404, "Lead not found", "This lead no longer exists.", null);
        }
        if (!stillOffered(lead.get(), link)) {
            return page(410, "No longer available", "This lead is no longer waiting for your answer.", null);
        }
        return switch (method) {
            case "GET" -> page(200, title(link), summary(lead.get()), buttonLabel(link));
            case "POST" -> act(link, lead.get());
            default -> page(405, "Not allowed", "Use the button on the page.", null);
        };
    }

    private APIGatewayV2HTTPResponse act(ActionLinks.Link link, Lead lead) {
        boolean accept = ActionLinks.ACCEPT.equals(link.action());
        LeadLifecycle.Result result = accept ? lifecycle.accept(lead, link.repId())
                : lifecycle.decline(link.leadId(), link.repId());
        if (!(result instanceof LeadLifecycle.Done)) {
            return page(410, "No longer available", "This lead is no longer waiting for your answer.", null);
        }
        // Both actions are idempotent per assignment, so recording the use after acting loses nothing
        // to a crash in between; of two clicks at once, one is answered as the use and the other as spent.
        long keepUntil = link.expiresAt() + USE_RECORD_DAYS * 24 * 3600;
        boolean first = leads.recordUse(link.useKey(), link.action(), link.repId(), clock.instant(),
                Instant.ofEpochSecond(keepUntil));
        if (!first) {
            return page(410, "Link already used", "This lead was already answered from one of its links.", null);
        }
        LOG.info("action link used", "leadId", link.leadId(), "repId", link.repId(), "action", link.action());
        return accept ? page(200, "Lead accepted", "The lead is yours. Get in touch while it is warm.", null)
                : page(200, "Lead declined", "The lead goes to another rep. Thank you for saying so quickly.", null);
    }

    private static boolean stillOffered(Lead lead, ActionLinks.Link link) {
        return lead.status == LeadStatus.ASSIGNED && lead.assignment != null
                && link.repId().equals(lead.assignment.repId()) && link.assignedAt().equals(lead.assignment.assignedAt());
    }

    private static String title(ActionLinks.Link link) {
        return ActionLinks.ACCEPT.equals(link.action()) ? "Accept this lead?" : "Decline this lead?";
    }

    private static String buttonLabel(ActionLinks.Link link) {
        return ActionLinks.ACCEPT.equals(link.action()) ? "Accept lead" : "Decline lead";
    }

    private static String summary(Lead lead) {
        String name = String.join(" ", lead.firstName == null ? "" : lead.firstName,
                lead.lastName == null ? "" : lead.lastName).strip();
        StringBuilder text = new StringBuilder(name.isEmpty() ? "A lead" : name);
        if (lead.company != null) {
            text.append(", ").append(lead.company);
        }
        if (lead.country != null) {
            text.append(" (").append(lead.country).append(')');
        }
        if (lead.grade != null) {
            text.append(" · ").append(lead.grade).append(", score ").append(lead.score);
        }
        return text.toString();
    }

    private static APIGatewayV2HTTPResponse page(int status, String title, String text, String button) {
        String form = button == null ? ""
                : "<form method=\"post\"><button type=\"submit\">" + escape(button) + "</button></form>";
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · Lead Router</title><style>"
                + "body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:3rem 1rem;color:#1d2330}"
                + "main{max-width:28rem;margin:auto;background:#fff;border-radius:12px;padding:2rem;"
                + "box-shadow:0 2px 12px rgba(0,0,0,.08)}h1{font-size:1.4rem;margin-top:0}p{line-height:1.5}"
                + "button{font-size:1.05rem;padding:.75rem 1.5rem;border:0;border-radius:8px;background:#1f6feb;"
                + "color:#fff;cursor:pointer}"
                + "</style></head><body><main><h1>" + escape(title) + "</h1><p>" + escape(text) + "</p>" + form
                + "</main></body></html>";
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HEADERS).withBody(html).build();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
