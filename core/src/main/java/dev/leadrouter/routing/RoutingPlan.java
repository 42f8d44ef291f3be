package dev.leadrouter.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.RouteChoice;

/**
 * What routing decided for one lead, with no side effect done yet.
 *
 * @param rep              the chosen rep (null when parked)
 * @param route            the route actually used: ruleId (a rule's id, "fallback" or "account:&lt;domain&gt;"),
 *                         team, strategy, skills; when parked, the last route tried (null if none was)
 * @param capacityEnforced whether taking the lead must respect the rep's capacity (false for an account owner)
 * @param turn             the chosen rep's new count of turns in the team's rotation (null for none), to be
 *                         written only if the stored count is still the one read; otherwise plan again
 * @param summary          one line for the lead's history
 * @param trace            the steps taken and every candidate rep considered, with reasons
 */
public record RoutingPlan(Outcome outcome, Rep rep, RouteChoice route, boolean capacityEnforced,
                          Turn turn, String summary, ObjectNode trace) {

    public enum Outcome {
        ASSIGN, PARK
    }

    public boolean assigned() {
        return outcome == Outcome.ASSIGN;
    }
}
