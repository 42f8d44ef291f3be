package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.leadrouter.local.template.AwsCallRecorder;
import dev.leadrouter.local.template.IamActions;
import dev.leadrouter.local.template.LocalResources;
import dev.leadrouter.local.template.RolePolicy;
import dev.leadrouter.local.template.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every AWS call a function made during this test run, against that function's role in the deployed
 * (SAM-transformed) template: nothing the role would deny, and nothing granted that no flow uses. Runs
 * after the end-to-end tests (junit-platform.properties orders classes by {@link Order}); outside CI (CI=true,
 * as .ci/run sets) a grant no recorded call used only skips, since a partial run drives only some flows. The stacks run
 * with --function-credentials, so {@link AwsCallRecorder} knows each call's function from the access key
 * id that signed it. New functions and new calls are covered without editing this test.
 */
@Tag("end-to-end")
@Order(Integer.MAX_VALUE)
class LeastPrivilegeTest {
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    @Test
    void everyFunctionCallsOnlyWhatItsRoleAllowsAndItsRoleGrantsOnlyWhatItCalls() {
        Set<String> later = AuditsRunLast.unfinishedBut(LeastPrivilegeTest.class, AwsLimitsTest.class);
        assertTrue(later.isEmpty(), "run after this audit, so not judged by it: " + later);
        SamTemplate template = SamTemplate.transformed();
        LocalResources local = new LocalResources(name -> "http://localhost/" + LocalResources.ACCOUNT_ID + "/" + name);
        List<String> denied = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        Map<String, Set<IamActions.Call>> callsOf = new TreeMap<>();
        for (String function : template.functions().keySet()) {
            Set<IamActions.Call> calls = AwsCallRecorder.callsSignedBy(function);
            callsOf.put(function, calls);
            RolePolicy role = RolePolicy.of(template.roleStatements(function), template, local);
            calls.stream().filter(call -> !role.allows(call))
                    .forEach(call -> denied.add(function + " calls " + call + ", its role does not allow it"));
            if (calls.isEmpty()) {
                silent.add(function);
                continue;
            }
            for (RolePolicy.Grant grant : role.allowed()) {
                if (grant.isWildcard()) {
                    unused.add(function + "'s role grants a wildcard: " + grant);
                } else if (calls.stream().noneMatch(call -> coveredBy(grant, call))) {
                    unused.add(function + "'s role grants " + grant + ", no flow calls it");
                }
            }
        }
        assertTrue(denied.isEmpty(), String.join("\n", denied) + "\nrecorded calls: " + callsOf);
        if (!silent.isEmpty()) {
            String why = "no call recorded for " + silent + ": run the whole local test suite (every function"
                    + " must be driven by an end-to-end test under --function-credentials)";
            if (CI) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        if (!unused.isEmpty() && !CI) {
            // A run of a few test classes drives only some flows: only the whole suite can tell an unused grant.
            Assumptions.abort("not every flow ran; grants no recorded call used:\n" + String.join("\n", unused));
        }
        assertTrue(unused.isEmpty(), String.join("\n", unused) + "\nrecorded calls: " + callsOf);
    }

    /** As IAM matches: a grant on the account's SES identities ({@code identity/*}) is used by any sender's send. */
    private static boolean coveredBy(RolePolicy.Grant grant, IamActions.Call call) {
        return grant.covers(call);
    }
}
