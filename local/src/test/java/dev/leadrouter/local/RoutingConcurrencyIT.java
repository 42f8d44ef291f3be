package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.routing.RoutingHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Eight routing function instances at once over 500 qualified leads for one round-robin team of five
 * reps with 40 capacity each: 200 places for 500 leads, and every fifth message delivered twice at the
 * same moment. Capacity must hold exactly, each lead be placed once, and the turns stay fair. Then sixteen
 * routers at once for a team of thirty: the same exact fairness, with the turns kept on the rep items only.
 */
@Tag("integration")
@ExtendWith(StackExtension.class)
class RoutingConcurrencyIT {
    private static final int ROUTERS = 8;
    private static final int LEADS = 500;
    private static final int FIRST_WAVE = 100;
    private static final List<String> REPS = List.of("r-c1", "r-c2", "r-c3", "r-c4", "r-c5");
    private static final int CAPACITY = 40;
    private static final String TEAM = "crowd";
    private static final String LARGE_TEAM = "throng";
    private static final int LARGE_TEAM_SIZE = 30;
    private static final int LARGE_TEAM_CAPACITY = 6;
    private static final int LARGE_TEAM_ROUTERS = 16;

    private static IsolatedStack stack;

    @BeforeAll
    static void startStackWithOneTeam(IsolatedStack isolated) {
        stack = isolated;
        // Parked leads are not retried, nor assignments checked, while the test runs.
        stack.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 60, "warmScore": 30,
                 "slaSeconds": 3600, "parkRetrySeconds": 3600}""");
        stack.putRule("""
                {"ruleId": "everyone", "stage": "ROUTING", "priority": 10, "enabled": true, "conditions": [],
                 "team": "%s", "strategy": "ROUND_ROBIN"}""".formatted(TEAM));
        stack.putRule("""
                {"ruleId": "throng", "stage": "ROUTING", "priority": 5, "enabled": true,
                 "conditions": [{"field": "attributes.team", "op": "eq", "value": "%s"}],
                 "team": "%s", "strategy": "ROUND_ROBIN"}""".formatted(LARGE_TEAM, LARGE_TEAM));
        for (String repId : REPS) {
            putRep(repId, TEAM, CAPACITY);
        }
        for (String repId : largeTeam()) {
            putRep(repId, LARGE_TEAM, LARGE_TEAM_CAPACITY);
        }
    }

    private static void putRep(String repId, String team, int capacity) {
        stack.putRep("""
                {"repId": "%s", "name": "Rep %s", "email": "%s@example.com", "teams": ["%s"], "active": true,
                 "capacity": %d, "openLeads": 0, "weight": 1, "timezone": "UTC"}"""
                .formatted(repId, repId, repId, team, capacity));
    }

    private static List<String> largeTeam() {
        return IntStream.range(0, LARGE_TEAM_SIZE).mapToObj(i -> "r-t" + i).toList();
    }

    @Test
    void capacityHoldsAndTurnsStayFairWithEightRoutersAtOnce() throws Exception {
        List<String> leadIds = writeQualifiedLeads(LEADS, TEAM, Map.of());
        List<RoutingHandler> routers = routers(ROUTERS);

        // While no rep is near capacity, all five are equally eligible: turns must be exactly even.
        deliverAll(routers, leadIds.subList(0, FIRST_WAVE));
        Map<String, Integer> firstWave = assignedByRep(leads(leadIds.subList(0, FIRST_WAVE)));
        assertEquals(REPS.stream().collect(Collectors.toMap(r -> r, r -> FIRST_WAVE / REPS.size())), firstWave);

        deliverAll(routers, leadIds.subList(FIRST_WAVE, LEADS));
        List<Lead> all = leads(leadIds);

        Map<String, Integer> assigned = assignedByRep(all);
        for (String repId : REPS) {
            int openLeads = stack.rep(repId).path("openLeads").asInt();
            assertEquals(assigned.getOrDefault(repId, 0), openLeads, repId + ": openLeads is what the rep holds");
            // Equal capacities and strict turns: every rep fills up to capacity, never beyond.
            assertEquals(CAPACITY, openLeads, repId);
        }
        Map<String, Long> byStatus = all.stream().collect(Collectors.groupingBy(l -> l.status.name(), Collectors.counting()));
        assertEquals(Map.of("ASSIGNED", (long) REPS.size() * CAPACITY, "UNASSIGNED", (long) LEADS - REPS.size() * CAPACITY),
                byStatus);
        for (Lead lead : all) {
            long placements = lead.history.stream().filter(e -> e.event().equals("ASSIGNED")).count();
            assertEquals(lead.status.name().equals("ASSIGNED") ? 1 : 0, placements, lead.leadId + " " + lead.history);
            assertEquals(lead.status.name().equals("UNASSIGNED") ? 1 : 0,
                    lead.history.stream().filter(e -> e.event().equals("UNASSIGNED")).count(), lead.leadId);
        }

        // Each assignment took exactly one turn, counted on the rep item that took it: no team-wide item.
        for (String repId : REPS) {
            assertEquals(CAPACITY, stack.rep(repId).path("turns").path(TEAM).asInt(), repId);
        }

        List<JsonNode> messages = stack.drainBodies(stack.direct().assignmentsQueueUrl());
        Map<String, Lead> byId = all.stream().collect(Collectors.toMap(l -> l.leadId, l -> l));
        Set<String> published = new HashSet<>();
        for (JsonNode message : messages) {
            Lead lead = byId.get(message.path("leadId").asText());
            if (lead == null) {
                continue; // the other test's team
            }
            assertEquals("ASSIGNED", lead.status.name(), message.toString());
            assertEquals(lead.assignment.repId(), message.path("repId").asText());
            assertEquals(lead.assignment.assignedAt(), message.path("assignedAt").asText());
            published.add(lead.leadId);
        }
        assertEquals(REPS.size() * CAPACITY, published.size(), "every assignment published");
    }

    /**
     * Sixteen routers at once for one team of thirty, with room for 180 of 240 leads: while nobody is full,
     * each whole round of thirty leads serves every rep once; then every rep fills exactly to capacity. No
     * team-wide item is written: each rep's count of turns sits on the rep item the placement conditions on.
     */
    @Test
    void sixteenRoutersShareALargeTeamExactlyAndNeverPassCapacity() throws Exception {
        List<String> reps = largeTeam();
        int places = LARGE_TEAM_SIZE * LARGE_TEAM_CAPACITY;
        int leadCount = places + 2 * LARGE_TEAM_SIZE;
        List<String> leadIds = writeQualifiedLeads(leadCount, LARGE_TEAM, Map.of("team", LARGE_TEAM));
        List<RoutingHandler> routers = routers(LARGE_TEAM_ROUTERS);

        int firstWave = 4 * LARGE_TEAM_SIZE;
        deliverAll(routers, leadIds.subList(0, firstWave));
        assertEquals(reps.stream().collect(Collectors.toMap(r -> r, r -> 4)),
                assignedByRep(leads(leadIds.subList(0, firstWave))), "four whole rounds: four leads each");

        deliverAll(routers, leadIds.subList(firstWave, leadCount));
        List<Lead> all = leads(leadIds);
        Map<String, Integer> assigned = assignedByRep(all);
        for (String repId : reps) {
            JsonNode rep = stack.rep(repId);
            assertEquals(LARGE_TEAM_CAPACITY, rep.path("openLeads").asInt(), repId + " fills up, never beyond");
            assertEquals(LARGE_TEAM_CAPACITY, assigned.get(repId), repId);
            assertEquals(LARGE_TEAM_CAPACITY, rep.path("turns").path(LARGE_TEAM).asInt(), repId + ": one turn a lead");
        }
        assertEquals(places, all.stream().filter(lead -> lead.status.name().equals("ASSIGNED")).count());
        assertEquals(leadCount - places, all.stream().filter(lead -> lead.status.name().equals("UNASSIGNED")).count());
        assertTrue(stack.dynamo().scan(r -> r.tableName(stack.direct().leadsTable())).items().stream()
                .noneMatch(item -> item.get("leadId").s().startsWith("TEAM#")), "no team-wide item");
    }

    private static List<RoutingHandler> routers(int count) {
        return IntStream.range(0, count).mapToObj(i -> new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()),
                stack.direct().withRulesCacheTtl(Duration.ofSeconds(30)), Clock.systemUTC())).toList();
    }

    private static List<String> writeQualifiedLeads(int count, String prefix, Map<String, String> attributes)
            throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(ROUTERS);
        try {
            List<Future<String>> written = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                written.add(writers.submit(() -> {
                    Lead lead = stack.newLead("QUALIFIED", prefix + "-" + n + "@" + prefix + "-" + n + ".example",
                            attributes);
                    lead.score = 65;
                    lead.grade = Grade.HOT;
                    return stack.store(lead).leadId;
                }));
            }
            List<String> leadIds = new ArrayList<>();
            for (Future<String> leadId : written) {
                leadIds.add(leadId.get());
            }
            return leadIds;
        } finally {
            writers.shutdown();
        }
    }

    /**
     * Delivers one routing message per lead, every fifth one twice in a row so that two routers take
     * both copies at the same moment; a message a router reports as failed goes back on the queue.
     */
    private static void deliverAll(List<RoutingHandler> routers, List<String> leadIds) throws Exception {
        ConcurrentLinkedDeque<String> queue = new ConcurrentLinkedDeque<>();
        for (int i = 0; i < leadIds.size(); i++) {
            String message = IsolatedStack.routeMessage(leadIds.get(i));
            queue.add(message);
            if (i % 5 == 0) {
                queue.add(message);
            }
        }
        AtomicInteger inFlight = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(routers.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (RoutingHandler router : routers) {
                running.add(threads.submit(() -> {
                    while (true) {
                        inFlight.incrementAndGet();
                        String message = queue.poll();
                        if (message == null) {
                            if (inFlight.decrementAndGet() == 0) {
                                return null; // nobody holds a message that might come back
                            }
                            Thread.sleep(1);
                            continue;
                        }
                        SQSBatchResponse response = router.handleRequest(IsolatedStack.event(message), null);
                        if (!response.getBatchItemFailures().isEmpty()) {
                            queue.add(message);
                        }
                        inFlight.decrementAndGet();
                    }
                }));
            }
            for (Future<?> router : running) {
                router.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    /** The given leads, read in one scan (this stack holds no others). */
    private static List<Lead> leads(List<String> leadIds) {
        Set<String> wanted = new HashSet<>(leadIds);
        List<Lead> found = stack.leads().scanLeads(List.of("status", "assignment", "history")).stream()
                .filter(lead -> wanted.contains(lead.leadId)).toList();
        assertEquals(leadIds.size(), found.size());
        return found;
    }

    private static Map<String, Integer> assignedByRep(List<Lead> leads) {
        Map<String, Integer> counts = new HashMap<>();
        leads.stream().filter(lead -> lead.status.name().equals("ASSIGNED"))
                .forEach(lead -> counts.merge(lead.assignment.repId(), 1, Integer::sum));
        return counts;
    }
}
