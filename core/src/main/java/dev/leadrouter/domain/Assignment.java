package dev.leadrouter.domain;

/**
 * Who holds a lead now and why; a re-routed assignment also names the rep before and why the lead moved
 * ({@code SLA_MISSED}, {@code DECLINED}, ...).
 */
public record Assignment(String repId, String repEmail, String team, String ruleId, String strategy,
                         String assignedAt, boolean reassignment, String previousRepId, String reason) {
    public Assignment(String repId, String repEmail, String team, String ruleId, String strategy,
                      String assignedAt, boolean reassignment) {
        this(repId, repEmail, team, ruleId, strategy, assignedAt, reassignment, null, null);
    }
}
