package jobdispatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jobdispatch.worker.handlers.EchoHandler;
import jobdispatch.worker.handlers.FailHandler;
import jobdispatch.worker.jobs.control.JobContext;
import jobdispatch.worker.jobs.control.WorkerSettings;

/** The worker's pure logic; everything that talks to dispatch or NSQ is tested in system-tests. */
class WorkerUnitTest {

    static JobContext context(JsonObject payload, int attempt, List<Integer> progress, boolean holder) {
        return new JobContext("id", "t", payload, attempt, 5, 1000, percent -> {
            progress.add(percent);
            return holder;
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 20})
    void retryDelayGrowsExponentiallyWithJitterUpToTheCap(int attempt) {
        WorkerSettings settings = new WorkerSettings();
        setField(settings, "retryBaseMillis", 1000L);
        setField(settings, "retryMaxMillis", 60_000L);
        double expected = Math.min(1000 * Math.pow(2, attempt - 1), 60_000);
        for (int i = 0; i < 200; i++) {
            int delay = settings.retryDelayMillis(attempt);
            assertTrue(delay >= expected * 0.8 - 1 && delay <= expected * 1.2 + 1, attempt + ": " + delay);
        }
    }

    @Test
    void prefetchIsTwiceTheConcurrencyUnlessSetWithinItsBounds() {
        WorkerSettings settings = new WorkerSettings();
        setField(settings, "concurrency", 50);
        setField(settings, "prefetch", Optional.empty());
        assertEquals(100, settings.prefetch());
        setField(settings, "prefetch", Optional.of(0));
        assertEquals(0, settings.prefetch());
        setField(settings, "prefetch", Optional.of(5000));
        assertEquals(WorkerSettings.MAX_PREFETCH, settings.prefetch());
        setField(settings, "concurrency", 600);
        setField(settings, "prefetch", Optional.empty());
        assertEquals(2 * WorkerSettings.MAX_CONCURRENCY, settings.prefetch());
    }

    @Test
    void failHandlerFailsTheFirstTimesThenSucceeds() {
        JsonObject payload = Json.createObjectBuilder().add("times", 2).add("message", "nope").build();
        FailHandler handler = new FailHandler();
        assertEquals("nope", assertThrows(IllegalStateException.class,
                () -> handler.handle(context(payload, 1, new ArrayList<>(), true))).getMessage());
        assertThrows(IllegalStateException.class, () -> handler.handle(context(payload, 2, new ArrayList<>(), true)));
        assertEquals(Json.createObjectBuilder().add("attempt", 3).build(), handler.handle(context(payload, 3, new ArrayList<>(), true)));
    }

    @Test
    void failHandlerWithoutTimesAlwaysFails() {
        FailHandler handler = new FailHandler();
        assertThrows(IllegalStateException.class,
                () -> handler.handle(context(JsonObject.EMPTY_JSON_OBJECT, 100, new ArrayList<>(), true)));
    }

    @Test
    void echoAnswersThePayload() {
        JsonObject payload = Json.createObjectBuilder().add("a", Json.createArrayBuilder().add(1)).build();
        assertEquals(payload, new EchoHandler().handle(context(payload, 1, new ArrayList<>(), true)));
    }

    @Test
    void progressIsClampedAndALostLeaseCancelsTheAttempt() {
        List<Integer> reported = new ArrayList<>();
        JobContext held = context(JsonObject.EMPTY_JSON_OBJECT, 1, reported, true);
        held.progress(150);
        held.progress(-3);
        assertEquals(List.of(100, 0), reported);
        assertFalse(held.isCancelled());

        JobContext lost = context(JsonObject.EMPTY_JSON_OBJECT, 1, new ArrayList<>(), false);
        lost.progress(10);
        assertTrue(lost.isCancelled());
        assertEquals("this worker no longer holds the job", lost.cancelReason());
    }

    private static void setField(Object target, String name, Object value) {
        try {
            var field = target.getClass().getDeclaredField(name);
            field.setAccessible(true);
            field.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
