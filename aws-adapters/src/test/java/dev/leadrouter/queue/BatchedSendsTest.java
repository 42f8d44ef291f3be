package dev.leadrouter.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the held messages are cut into SendMessageBatch requests, and what runs outside a record. */
class BatchedSendsTest {
    private static BatchedSends.Entry entry(int bodyBytes, Map<String, String> attributes) {
        return new BatchedSends.Entry("q", "x".repeat(bodyBytes), 0, attributes);
    }

    private static List<Integer> sizes(List<List<BatchedSends.Entry>> requests) {
        return requests.stream().map(List::size).toList();
    }

    @Test
    void atMostTenEntriesARequestInTheirOrder() {
        List<BatchedSends.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            entries.add(entry(100, Map.of()));
        }
        List<List<BatchedSends.Entry>> requests = BatchedSends.requests(entries);
        assertEquals(List.of(10, 10, 3), sizes(requests));
        assertEquals(entries, requests.stream().flatMap(List::stream).toList());
    }

    @Test
    void aRequestStaysWithin256KibOfBodiesAndAttributes() {
        // 100 KiB bodies: two fit in 256 KiB, a third does not.
        List<BatchedSends.Entry> entries = List.of(entry(100 * 1024, Map.of()), entry(100 * 1024, Map.of()),
                entry(100 * 1024, Map.of()), entry(10, Map.of()));
        assertEquals(List.of(2, 2), sizes(BatchedSends.requests(entries)));

        // Attributes count too (name, type "String", value): body + attributes of exactly 128 KiB each fill one.
        Map<String, String> attributes = Map.of("format", "y".repeat(1000));
        int body = 128 * 1024 - "format".length() - "String".length() - 1000;
        BatchedSends.Entry half = entry(body, attributes);
        assertEquals(128 * 1024, half.bytes);
        assertEquals(List.of(2, 1), sizes(BatchedSends.requests(List.of(half, half, half))));
    }

    @Test
    void aMessageOfTheLimitGoesAlone() {
        List<BatchedSends.Entry> entries = List.of(entry(10, Map.of()), entry(256 * 1024, Map.of()), entry(10, Map.of()));
        List<List<BatchedSends.Entry>> requests = BatchedSends.requests(entries);
        assertEquals(List.of(1, 1, 1), sizes(requests));
        requests.forEach(request -> assertTrue(request.stream().mapToLong(e -> e.bytes).sum() <= 256 * 1024));
    }

    @Test
    void outsideARecordAnAfterSentActionRunsAtOnceAndNothingIsHeld() {
        BatchedSends sends = new BatchedSends(null);
        List<String> ran = new ArrayList<>();
        sends.afterSent(() -> ran.add("now"));
        assertEquals(List.of("now"), ran);

        sends.begin("m-1");
        sends.afterSent(() -> ran.add("held"));
        sends.end();
        assertEquals(List.of("now"), ran, "held until the batch's messages are out");
        assertEquals(java.util.Set.of(), sends.flush(), "no message to send: the action runs");
        assertEquals(List.of("now", "held"), ran);
    }
}
