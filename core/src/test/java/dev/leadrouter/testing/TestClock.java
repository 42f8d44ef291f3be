package dev.leadrouter.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' clock: stands still until the test moves it, so that a test of time (an SLA, a cache's expiry, the
 * sweep's due leads) passes in no time and always the same way. Handed to the code under test, the handlers a
 * test constructs or the local stack's functions. Shared by every module's tests (core's test jar).
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    private TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock standing at {@code start}. */
    public static TestClock at(Instant start) {
        return new TestClock(start);
    }

    /** A clock standing at the present moment. */
    public static TestClock now() {
        return at(Instant.now());
    }

    /** Moves the clock on by {@code duration}; returns the new time. */
    public Instant advance(Duration duration) {
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
