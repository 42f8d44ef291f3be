package dev.leadrouter.api;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what (CONTRACT.md, "Who may do what"): from a validated token's claims to a caller, and whether that
 * caller may take an action. Scope {@code ops} (in the space-separated {@code scope} claim, the
 * authorizer's scopes, or {@code cognito:groups}) may do everything; any other token is a rep, who
 * acts on the leads they hold only.
 */
public final class Access {
    public static final String OPS = "ops";

    private Access() {
    }

    /** What a route does, as far as permission goes. */
    public enum Action {
        VIEW_LEAD, ACCEPT, DECLINE, CLOSE, LIST_LEADS,
        SIMULATE, VALIDATE_RULES, VALIDATE_REPS, STATS, REASSIGN, OFFBOARD;

        /** Actions on one lead that its assignee may take. */
        boolean assigneeMay() {
            return this == VIEW_LEAD || this == ACCEPT || this == DECLINE || this == CLOSE;
        }
    }

    /** What a token says about its bearer, before any rep lookup. */
    public record Identity(boolean ops, String email, String repId, String subject) {
        /** Who acted, as the lead's history records it. */
        public String actor() {
            String who = email != null ? email : repId != null ? repId : subject != null ? subject : "unknown";
            return ops ? "ops:" + who : who;
        }
    }

    /** The caller a request is decided for. */
    public sealed interface Caller {
        /** Who acted, as the lead's history records it. */
        String actor();
    }

    /** Scope ops: everything. */
    public record Ops(String actor) implements Caller {
    }

    /** A rep whose token matched a rep item. */
    public record Rep(String repId, String actor) implements Caller {
    }

    /** A valid token that names no known rep: may do nothing. */
    public record Nobody(String actor) implements Caller {
    }

    /** The identity in {@code claims} (as the JWT authorizer passes them) and the authorizer's {@code scopes}. */
    public static Identity identify(Map<String, String> claims, Collection<String> scopes) {
        Map<String, String> safeClaims = claims == null ? Map.of() : claims;
        Set<String> granted = new LinkedHashSet<>();
        if (scopes != null) {
            scopes.forEach(scope -> granted.addAll(words(scope)));
        }
        granted.addAll(words(safeClaims.get("scope")));
        boolean ops = granted.contains(OPS) || words(safeClaims.get("cognito:groups")).contains(OPS);
        return new Identity(ops, normalizedEmail(safeClaims.get("email")), blankToNull(safeClaims.get("repId")),
                blankToNull(safeClaims.get("sub")));
    }

    /**
     * Whether {@code caller} may take {@code action}; {@code holderRepId} is the rep holding the lead
     * acted on (null when nobody holds it, or the action is not on one lead).
     */
    public static boolean allows(Caller caller, Action action, String holderRepId) {
        return switch (caller) {
            case Ops ignored -> true;
            case Rep rep -> action == Action.LIST_LEADS
                    || (action.assigneeMay() && holderRepId != null && holderRepId.equals(rep.repId()));
            case Nobody ignored -> false;
        };
    }

    /**
     * A claim as space- or comma-separated words; API Gateway passes list claims such as
     * {@code cognito:groups} as one string like {@code [ops sales]}.
     */
    static Set<String> words(String claim) {
        Set<String> words = new LinkedHashSet<>();
        if (claim == null) {
            return words;
        }
        for (String word : claim.replace('[', ' ').replace(']', ' ').split("[\\s,]+")) {
            String clean = word.replace("\"", "").trim();
            if (!clean.isEmpty()) {
                words.add(clean);
            }
        }
        return words;
    }

    private static String normalizedEmail(String email) {
        String value = blankToNull(email);
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
