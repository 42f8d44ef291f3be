package dev.leadrouter.domain;

/** Who holds a lead now and why. */
public record Assignment(String repId, String repEmail, String team, String ruleId, String strategy,
                         String assignedAt, boolean reassignment) {
}
