package io.gatehouse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry schedule of a failing webhook, and when it stops trying. */
class WebhookBackoffTest {

    @ParameterizedTest(name = "after failure {0}: {1}")
    @CsvSource({"1, PT5S", "2, PT30S", "3, PT2M", "4, PT10M", "5, PT30M", "6, PT1H", "7, PT2H", "8, PT4H", "9, PT6H",
            "10, PT6H", "25, PT6H"})
    void waitsLongerAfterEachFailureThenEverySixHours(int failures, String delay) {
        assertEquals(Duration.parse(delay), WebhookBackoff.delay(failures, 1.0));
    }

    @ParameterizedTest(name = "after failure {0} at scale 0.01: {1}")
    @CsvSource({"1, PT0.05S", "2, PT0.3S", "3, PT1.2S", "9, PT3M36S"})
    void theScaleShrinksTheScheduleForTests(int failures, String delay) {
        assertEquals(Duration.parse(delay), WebhookBackoff.delay(failures, 0.01));
    }

    @Test
    void theFirstRetryIsWithinThirtySeconds() {
        assertTrue(WebhookBackoff.delay(1, 1.0).compareTo(Duration.ofSeconds(30)) <= 0);
    }

    @ParameterizedTest(name = "failing for {0}: gives up {1}")
    @CsvSource({"PT0S, false", "PT71H59M, false", "PT72H, true", "PT100H, true"})
    void givesUpAfterThreeDaysOnTheSameEvent(String failingFor, boolean givesUp) {
        Instant now = Instant.parse("2026-01-10T12:00:00Z");
        assertEquals(givesUp, WebhookBackoff.givesUp(now.minus(Duration.parse(failingFor)), now, 1.0));
    }

    @Test
    void theThreeDaysScaleToo() {
        Instant now = Instant.parse("2026-01-10T12:00:00Z");
        assertTrue(WebhookBackoff.givesUp(now.minus(Duration.ofMinutes(44)), now, 0.01)); // 3 days * 0.01 = 43.2 min
        assertFalse(WebhookBackoff.givesUp(now.minus(Duration.ofMinutes(43)), now, 0.01));
        assertFalse(WebhookBackoff.givesUp(null, now, 1.0));
    }

    @Test
    void aWebhookFailingOnOneEventRetriesAboutTwentyTimesInThreeDays() {
        Instant since = Instant.parse("2026-01-10T00:00:00Z");
        Instant at = since;
        int failures = 0;
        while (!WebhookBackoff.givesUp(since, at, 1.0)) {
            failures++;
            at = at.plus(WebhookBackoff.delay(failures, 1.0));
        }
        assertEquals(19, failures, "attempts before the webhook is marked failing");
    }
}
