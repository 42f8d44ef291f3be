package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import dev.leadrouter.routing.RoutingHandler;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Offboarding a rep of a four-rep round-robin team while four routers place 60 more leads and a second
 * offboarding of the same rep runs alongside: afterwards the rep is inactive and holds nothing, every
 * lead they held went to another rep or was parked, each once, and every rep's openLeads is exactly
 * what they hold. A dry run before changes nothing and names where each lead would go.
 */
@Tag("integration")
@ExtendWith(StackExtension.class)
class OffboardingIT {
    private static final List<String> REPS = List.of("r-leaving", "r-p", "r-q", "r-s");
    private static final String LEAVING = "r-leaving";
    private static final int CAPACITY = 30;
    private static final int FIRST = 60;
    private static final int SECOND = 60;
    private static final int ROUTERS = 4;

    private static IsolatedStack stack;
    private static List<RoutingHandler> routers;

    @BeforeAll
    static void startStackWithOneTeam(IsolatedStack isolated) {
        stack = isolated;
        stack.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 0, "warmScore": 0, "slaSeconds": 3600,
                 "parkRetrySeconds": 3600}""");
        stack.putRule("""
                {"ruleId": "everyone", "stage": "ROUTING", "priority": 10, "enabled": true, "conditions": [],
                 "team": "crowd", "strategy": "ROUND_ROBIN"}""");
        for (String repId : REPS) {
            stack.putRep("""
                    {"repId": "%s", "name": "Rep %s", "email": "%s@offboard.example", "teams": ["crowd"],
                     "active": true, "capacity": %d, "openLeads": 0, "timezone": "UTC"}"""
                    .formatted(repId, repId, repId, CAPACITY));
        }
        routers = IntStream.range(0, ROUTERS).mapToObj(i -> new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()),
                stack.direct(), Clock.systemUTC())).toList();
    }

    @Test
    void offboardingUnderConcurrentRoutingMovesEveryLeadOnceAndKeepsCapacityExact() throws Exception {
        List<String> first = qualifiedLeads(FIRST);
        route(first);
        List<String> held = heldBy(LEAVING, first);
        assertFalse(held.isEmpty());
        String acceptedId = held.get(0);
        assertEquals(200, stack.call("POST", "/leads/" + acceptedId + "/accept", null,
                stack.token(Map.of("email", LEAVING + "@offboard.example"))).statusCode());

        // Dry run: where each lead would go, and nothing written.
        Map<String, Long> versions = first.stream().collect(Collectors.toMap(id -> id, id -> stack.lead(id).version));
        JsonNode dryRun = offboard(true);
        assertEquals(Set.copyOf(held), ids(dryRun));
        dryRun.path("leads").forEach(move -> assertNotEquals(LEAVING, move.path("repId").asText(), move.toString()));
        assertTrue(stack.rep(LEAVING).path("active").asBoolean(), "a dry run changes nothing");
        first.forEach(id -> assertEquals(versions.get(id), stack.lead(id).version, id));

        // The real run twice, alongside routers placing more leads.
        List<String> second = qualifiedLeads(SECOND);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> routing = threads.submit(() -> route(second));
            Future<JsonNode> offboarding = threads.submit(() -> offboard(false));
            Future<JsonNode> again = threads.submit(() -> offboard(false));
            routing.get();
            Set<String> moved = new HashSet<>(ids(offboarding.get()));
            Set<String> movedAgain = ids(again.get());
            assertTrue(moved.stream().noneMatch(movedAgain::contains), "no lead moved by both runs");
            moved.addAll(movedAgain);
            assertTrue(moved.containsAll(held), "every lead the rep held was moved: " + moved);
        } finally {
            threads.shutdown();
        }

        List<Lead> all = new ArrayList<>(first.stream().map(stack::lead).toList());
        all.addAll(second.stream().map(stack::lead).toList());
        assertFalse(stack.rep(LEAVING).path("active").asBoolean());
        Map<String, Integer> holding = new HashMap<>();
        for (Lead lead : all) {
            if (lead.status.holdsCapacity()) {
                holding.merge(lead.assignment.repId(), 1, Integer::sum);
            }
            assertTrue(lead.history.stream().filter(e -> e.event().equals("OFFBOARDED")).count() <= 1, lead.leadId);
        }
        assertEquals(0, holding.getOrDefault(LEAVING, 0), "the offboarded rep holds nothing");
        for (String repId : REPS) {
            int openLeads = stack.rep(repId).path("openLeads").asInt();
            assertEquals(holding.getOrDefault(repId, 0), openLeads, repId + ": openLeads is what the rep holds");
            assertTrue(openLeads <= CAPACITY, repId);
        }
        for (String id : held) {
            Lead lead = stack.lead(id);
            assertEquals(1, lead.history.stream().filter(e -> e.event().equals("OFFBOARDED")).count(), id);
            assertTrue(lead.status.name().equals("ASSIGNED") || lead.status.name().equals("UNASSIGNED"), id);
        }
        assertEquals(0, offboard(false).path("leads").size(), "a third run finds nothing to move");
        assertEquals(404, stack.call("POST", "/reps/r-nobody/offboard", "{\"dryRun\": false}", stack.apiToken())
                .statusCode());
        assertEquals(400, stack.call("POST", "/reps/" + LEAVING + "/offboard", "{}", stack.apiToken()).statusCode());
    }

    private static JsonNode offboard(boolean dryRun) {
        HttpResponse<String> response = stack.call("POST", "/reps/" + LEAVING + "/offboard",
                "{\"dryRun\": " + dryRun + "}", stack.apiToken());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = Json.parse(response.body());
        assertEquals(dryRun, answer.path("dryRun").asBoolean());
        if (!dryRun) {
            assertEquals(0, answer.path("openLeads").asInt(), response.body());
        }
        return answer;
    }

    private static Set<String> ids(JsonNode answer) {
        Set<String> ids = new HashSet<>();
        answer.path("leads").forEach(move -> ids.add(move.path("leadId").asText()));
        return ids;
    }

    private static List<String> heldBy(String repId, List<String> leadIds) {
        return leadIds.stream().map(stack::lead)
                .filter(lead -> lead.status.holdsCapacity() && repId.equals(lead.assignment.repId()))
                .map(lead -> lead.leadId).toList();
    }

    private static List<String> qualifiedLeads(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Lead lead = stack.newLead("QUALIFIED", "offboard-" + System.nanoTime() + "@offboard-leads.example", Map.of());
            lead.score = 70;
            lead.grade = Grade.HOT;
            ids.add(stack.store(lead).leadId);
        }
        return ids;
    }

    /** Each lead's routing message through the routers at once; a failed message is delivered again. */
    private static Void route(List<String> leadIds) throws Exception {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(leadIds.stream()
                .map(IsolatedStack::routeMessage).toList());
        ExecutorService threads = Executors.newFixedThreadPool(ROUTERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (RoutingHandler router : routers) {
                running.add(threads.submit(() -> {
                    for (String message = queue.poll(); message != null; message = queue.poll()) {
                        if (!router.handleRequest(IsolatedStack.event(message), null).getBatchItemFailures().isEmpty()) {
                            queue.add(message);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> router : running) {
                router.get();
            }
        } finally {
            threads.shutdown();
        }
        return null;
    }
}
