package io.gatehouse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A webhook's delivery state: the cursor, the head event's failures, pausing after 3 days, resuming. */
class WebhookTest {
    private static final WebhookRequest.Outcome OK = new WebhookRequest.Outcome(204, null, 12, "");
    private static final WebhookRequest.Outcome DOWN = new WebhookRequest.Outcome(null, "connection refused", 1, null);

    private static Webhook webhook(String... types) {
        return new Webhook("w", "p", "a", "https://app.example.com/hook", List.of(types), "sealed", 7);
    }

    @Test
    void startsAfterTheProjectsLastEventAndAdvancesOnAcknowledgement() {
        Webhook w = webhook("*");
        assertEquals(7, w.lastDeliveredSeq());
        Instant now = Instant.now();
        w.delivered(8, OK, now, now.plusSeconds(30));
        assertEquals(8, w.lastDeliveredSeq());
        assertEquals(204, w.lastStatus());
        w.delivered(5, OK, now, now.plusSeconds(30)); // a late duplicate never moves the cursor back
        assertEquals(8, w.lastDeliveredSeq());
    }

    @Test
    void aFailureKeepsTheCursorAndSchedulesTheRetryByTheBackoff() {
        Webhook w = webhook("*");
        Instant t = Instant.parse("2026-01-10T00:00:00Z");
        assertFalse(w.failed(DOWN, t, 1.0, t.plusSeconds(30)));
        assertEquals(7, w.lastDeliveredSeq());
        assertEquals(1, w.failures());
        assertEquals(t, w.failingSince());
        assertEquals(t.plusSeconds(5), w.nextAttemptAt());
        assertEquals("connection refused", w.lastError());
        assertFalse(w.failed(DOWN, t.plusSeconds(5), 1.0, t.plusSeconds(35)));
        assertEquals(t.plusSeconds(35), w.nextAttemptAt(), "30 s after the second failure");
        w.delivered(8, OK, t.plusSeconds(40), t.plusSeconds(70));
        assertEquals(0, w.failures());
        assertNull(w.failingSince());
        assertNull(w.lastError());
    }

    @Test
    void threeDaysOfFailuresOnTheSameEventPauseItUntilResumed() {
        Webhook w = webhook("*");
        Instant since = Instant.parse("2026-01-10T00:00:00Z");
        Instant t = since;
        boolean paused = false;
        while (!paused) {
            assertEquals(Webhook.Status.active, w.status());
            paused = w.failed(DOWN, t, 1.0, t.plusSeconds(30));
            t = w.nextAttemptAt();
        }
        assertEquals(Webhook.Status.failing, w.status());
        assertTrue(Duration.between(since, w.lastAttemptAt()).compareTo(Duration.ofDays(3)) >= 0);
        w.resume();
        assertEquals(Webhook.Status.active, w.status());
        assertEquals(0, w.failures());
        assertEquals(7, w.lastDeliveredSeq(), "resumes with the event it stopped on");
    }

    @Test
    void theFilterWantsItsTypesOrEverything() {
        assertTrue(webhook("*").wants("group.deleted"));
        Webhook some = webhook("user.created", "user.deleted");
        assertTrue(some.wants("user.deleted"));
        assertFalse(some.wants("user.updated"));
        assertEquals(List.of("user.created", "user.deleted"), some.eventTypes());
    }

    @Test
    void thePreviousSecretSignsOnlyDuringTheOverlap() {
        Webhook w = webhook("*");
        Instant now = Instant.now();
        assertNull(w.sealedPreviousSecret(now));
        w.rotate("sealed-2", now.plus(Duration.ofHours(24)));
        assertEquals("sealed-2", w.sealedSecret());
        assertEquals("sealed", w.sealedPreviousSecret(now));
        assertNull(w.sealedPreviousSecret(now.plus(Duration.ofHours(25))));
    }

    @Test
    void theLogKeepsAHeadWithoutControlCharactersOrHalfASurrogatePair() {
        assertEquals("a b", WebhookRequest.kept("a\u0000b", 10));
        assertEquals("ab", WebhookRequest.kept("ab\uD83D\uDE00", 3), "the pair does not fit: cut before it");
        assertEquals("ab\uD83D\uDE00", WebhookRequest.kept("ab\uD83D\uDE00c", 4));
        assertEquals("\uFFFDx", WebhookRequest.kept("\uDE00x", 5));
        assertEquals(500, WebhookRequest.kept("x".repeat(2000), 500).length());
        assertNull(WebhookRequest.kept(null, 5));
    }

    @Test
    void urlsAndTypesAreCheckedBeforeAnythingIsWritten() {
        assertEquals(List.of("*"), Webhooks.checkedTypes(List.of("user.created", "*")));
        assertEquals(List.of("user.created"), Webhooks.checkedTypes(List.of("user.created", "user.created")));
        assertInvalid(() -> Webhooks.checkedTypes(List.of("user.exploded")));
        assertInvalid(() -> Webhooks.checkedTypes(List.of()));
        assertInvalid(() -> Webhooks.checkedUrl("ftp://example.com/x"));
        assertInvalid(() -> Webhooks.checkedUrl("https://user:pw@example.com/x"));
        assertInvalid(() -> Webhooks.checkedUrl("http://127.0.0.1/x")); // not in development mode
        assertInvalid(() -> Webhooks.checkedUrl("https://exa mple.com"));
        assertInvalid(() -> Webhooks.checkedUrl(null));
    }

    private static void assertInvalid(Runnable check) {
        io.gatehouse.platform.DomainException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.gatehouse.platform.DomainException.class, check::run);
        assertEquals(io.gatehouse.platform.DomainException.Kind.INVALID, e.kind());
    }
}
