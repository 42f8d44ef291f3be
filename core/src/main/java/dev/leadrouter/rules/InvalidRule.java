package dev.leadrouter.rules;

/** A rule item that was skipped (or, for settings, partly ignored), with every problem found in it. */
public record InvalidRule(String ruleId, String reason) {
}
