package dev.leadrouter.rules;

import static dev.leadrouter.rules.TestRules.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.log.Log;
import dev.leadrouter.testing.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RulesCacheTest {
    private static final Duration TTL = Duration.ofSeconds(5);

    private final TestClock clock = TestClock.at(Instant.parse("2026-11-23T10:00:00Z"));
    private final List<ObjectNode> table = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final ByteArrayOutputStream logLines = new ByteArrayOutputStream();
    private RuntimeException loadFailure;

    private final Supplier<List<ObjectNode>> loader = () -> {
        loads.incrementAndGet();
        if (loadFailure != null) {
            throw loadFailure;
        }
        return table.stream().map(ObjectNode::deepCopy).toList();
    };

    @BeforeEach
    void captureLog() {
        Log.redirect(new PrintStream(logLines, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        Log.redirect(System.out);
    }

    private static ObjectNode rule(int points) {
        return item("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"points\":" + points + "}");
    }

    private static int points(RuleSet rules) {
        return rules.qualificationRules().get(0).points();
    }

    @Test
    void anEditTakesEffectOnceTheTtlHasPassed() {
        table.add(rule(10));
        RulesCache cache = new RulesCache(loader, TTL, clock);
        assertEquals(10, points(cache.current()));

        table.set(0, rule(20));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(10, points(cache.current()));
        assertEquals(1, loads.get());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(20, points(cache.current()));
        assertEquals(2, loads.get());
    }

    @Test
    void unchangedItemsAreNotCompiledAgain() {
        table.add(rule(10));
        RulesCache cache = new RulesCache(loader, TTL, clock);
        RuleSet first = cache.current();
        clock.advance(TTL);
        assertSame(first, cache.current());
        assertEquals(2, loads.get());
    }

    @Test
    void aFailedReloadKeepsTheLastGoodRulesAndRetriesAfterTheTtl() {
        table.add(rule(10));
        RulesCache cache = new RulesCache(loader, TTL, clock);
        RuleSet good = cache.current();

        loadFailure = new IllegalStateException("table unavailable");
        table.set(0, rule(20));
        clock.advance(TTL);
        assertSame(good, cache.current());
        assertSame(good, cache.current());
        assertEquals(2, loads.get());
        assertTrue(logLines.toString(StandardCharsets.UTF_8).contains("rules reload failed"));

        loadFailure = null;
        clock.advance(TTL);
        assertEquals(20, points(cache.current()));
    }

    @Test
    void onlyTheFirstLoadCanFail() {
        loadFailure = new IllegalStateException("table unavailable");
        RulesCache cache = new RulesCache(loader, TTL, clock);
        assertThrows(IllegalStateException.class, cache::current);
        loadFailure = null;
        table.add(rule(10));
        assertEquals(10, points(cache.current()));
    }

    @Test
    void invalidRulesAreLoggedOncePerCompileWithTheirRuleId() {
        table.add(item("{\"ruleId\":\"broken\",\"stage\":\"ROUTING\"}"));
        RulesCache cache = new RulesCache(loader, TTL, clock);
        cache.current();
        clock.advance(TTL);
        cache.current();
        String log = logLines.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(line -> line.contains("invalid rule skipped")).count());
        assertTrue(log.contains("\"ruleId\":\"broken\""), log);
        assertTrue(log.contains("\"reason\":\"ROUTING rule needs a team\""), log);
    }
}
