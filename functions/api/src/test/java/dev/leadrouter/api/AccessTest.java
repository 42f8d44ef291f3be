package dev.leadrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.api.Access.Action;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final Set<Action> OPS_ONLY = Set.of(Action.SIMULATE, Action.VALIDATE_RULES, Action.VALIDATE_REPS,
            Action.STATS, Action.REASSIGN, Action.OFFBOARD);

    @Test
    void opsComesFromTheScopeClaimTheAuthorizerScopesOrCognitoGroups() {
        assertTrue(Access.identify(Map.of("scope", "openid ops profile"), List.of()).ops());
        assertTrue(Access.identify(Map.of(), List.of("ops")).ops());
        assertTrue(Access.identify(Map.of("cognito:groups", "[sales ops]"), null).ops());
        assertTrue(Access.identify(Map.of("cognito:groups", "[\"sales\",\"ops\"]"), null).ops());
        assertFalse(Access.identify(Map.of("scope", "openid operations"), List.of()).ops());
        assertFalse(Access.identify(Map.of("cognito:groups", "[ops-readonly]"), List.of()).ops());
        assertFalse(Access.identify(Map.of("email", "ops@example.com"), List.of()).ops());
        assertFalse(Access.identify(null, null).ops());
    }

    @Test
    void aRepIsNamedByEmailOrRepIdClaim() {
        Access.Identity identity = Access.identify(Map.of("email", " Anna@Example.com ", "sub", "abc"), List.of());
        assertEquals("anna@example.com", identity.email());
        assertNull(identity.repId());
        assertEquals("anna@example.com", identity.actor());
        assertEquals("r-bob", Access.identify(Map.of("repId", "r-bob"), List.of()).repId());
        assertEquals("ops:abc", Access.identify(Map.of("sub", "abc", "scope", "ops"), List.of()).actor());
    }

    @Test
    void opsMayDoEverything() {
        Access.Caller ops = new Access.Ops("ops:x");
        for (Action action : Action.values()) {
            assertTrue(Access.allows(ops, action, "r-anna"), action.name());
            assertTrue(Access.allows(ops, action, null), action.name());
        }
    }

    @Test
    void aRepActsOnTheLeadsTheyHoldOnly() {
        Access.Caller anna = new Access.Rep("r-anna", "anna@example.com");
        for (Action action : List.of(Action.VIEW_LEAD, Action.ACCEPT, Action.DECLINE, Action.CLOSE)) {
            assertTrue(Access.allows(anna, action, "r-anna"), action.name());
            assertFalse(Access.allows(anna, action, "r-bob"), action.name());
            assertFalse(Access.allows(anna, action, null), action.name());
        }
        assertTrue(Access.allows(anna, Action.LIST_LEADS, null), "the list is narrowed to their own leads");
        for (Action action : OPS_ONLY) {
            assertFalse(Access.allows(anna, action, "r-anna"), action.name());
        }
    }

    @Test
    void aTokenOfNoKnownRepMayDoNothing() {
        Access.Caller nobody = new Access.Nobody("who@example.com");
        for (Action action : Action.values()) {
            assertFalse(Access.allows(nobody, action, "r-anna"), action.name());
        }
    }
}
