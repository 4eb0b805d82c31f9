package io.gatehouse.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a failing webhook is tried again: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h after its
 * first to eighth failure on the same event, then every 6 h, until that event has failed for 3 days
 * and the webhook is marked failing. {@code scale} shrinks the whole schedule for tests
 * (GATEHOUSE_WEBHOOK_RETRY_SCALE).
 */
public final class WebhookBackoff {
    static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4));
    static final Duration THEN_EVERY = Duration.ofHours(6);
    static final Duration FAILING_AFTER = Duration.ofDays(3);

    private WebhookBackoff() {
    }

    /** The wait after the {@code failures}-th failed attempt (1 = the first) on the head event. */
    static Duration delay(int failures, double scale) {
        Duration base = failures <= SCHEDULE.size() ? SCHEDULE.get(Math.max(failures, 1) - 1) : THEN_EVERY;
        return scaled(base, scale);
    }

    /** Whether an event that has failed since {@code failingSince} makes the webhook failing now. */
    static boolean givesUp(Instant failingSince, Instant now, double scale) {
        return failingSince != null && !Duration.between(failingSince, now).minus(scaled(FAILING_AFTER, scale)).isNegative();
    }

    private static Duration scaled(Duration d, double scale) {
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * scale)));
    }
}
