package jobdispatch.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.ProcessingException;

import org.junit.jupiter.api.Test;

import jobdispatch.batching.Batcher.Outcome;

/** The smart batching of the worker's callbacks and events and of dispatch's outbox marks, with a fake call. */
class BatcherTest {

    /** A checked exception of the caller's own, as the worker's DispatchRefusal is. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int httpStatus() {
            return status;
        }
    }

    static final ThreadFactory THREADS = Executors.defaultThreadFactory();

    /** Hands the item over and waits for its outcome, as a caller that needs it does: the result, or the exception. */
    static <I, O> O result(Batcher<I, O> batcher, I item) throws Refused {
        try {
            return batcher.submitLater(item).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused refused) {
                throw refused;
            }
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new AssertionError(e);
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome for " + item, e);
        }
    }

    @Test
    void callsThatWaitTogetherGoOutTogetherAndEachCallerGetsItsOwnResult() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Batcher<Integer, Integer> batcher = new Batcher<>("test", 10, items -> {
            sizes.add(items.size());
            sleep(20); // a request on its way: the next callers queue up meanwhile
            return items.stream().map(i -> Outcome.of(i * 2)).toList();
        }, THREADS);
        ExecutorService callers = Executors.newFixedThreadPool(30);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int item = i;
                results.add(callers.submit(() -> result(batcher, item)));
            }
            for (int i = 0; i < 30; i++) {
                assertEquals(i * 2, results.get(i).get());
            }
        } finally {
            callers.shutdownNow();
            batcher.stop(1000);
        }
        assertEquals(30, sizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(sizes.stream().allMatch(size -> size <= 10), sizes.toString());
        assertTrue(sizes.size() < 30, "some calls shared a request: " + sizes);
    }

    @Test
    void itemsHandedOverWithoutWaitingCompleteOnTheSenderThenTheHookRunsOncePerBatch() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch attached = new CountDownLatch(1);
        Batcher<Integer, Integer> batcher = new Batcher<>("test-later", 50, items -> {
            await(attached); // no answer before every item's action is given: then all run on the sender
            return items.stream().map(i -> i == 3 ? Outcome.<Integer>failed(new Refused(409, "not held"))
                    : Outcome.of(i + 100)).toList();
        }, THREADS);
        batcher.afterEachBatch(() -> log.add("batch on " + Thread.currentThread().getName()));
        Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(20);
        try {
            for (int i = 0; i < 20; i++) {
                int item = i;
                // nothing here calls get(): a thread waiting in get() may run the actions itself
                batcher.submitLater(i).whenComplete((value, failure) -> {
                    log.add("item on " + Thread.currentThread().getName());
                    outcomes.put(item, failure != null ? failure : value);
                    done.countDown();
                });
            }
            attached.countDown();
            assertTrue(done.await(5, TimeUnit.SECONDS), "every item got its outcome: " + outcomes);
            sleep(50);
        } finally {
            batcher.stop(1000);
        }
        for (int i = 0; i < 20; i++) {
            if (i == 3) {
                assertEquals(409, ((Refused) outcomes.get(i)).httpStatus());
            } else {
                assertEquals(i + 100, outcomes.get(i));
            }
        }
        List<String> items = log.stream().filter(line -> line.startsWith("item")).toList();
        List<String> batches = log.stream().filter(line -> line.startsWith("batch")).toList();
        assertEquals(20, items.size(), log.toString());
        assertTrue(items.stream().allMatch(line -> line.equals("item on test-later")), "outcomes are handed out by the sender: " + log);
        assertTrue(batches.size() >= 1 && batches.size() < 20, "one hook per batch, and the items shared batches: " + log);
        assertTrue(log.get(log.size() - 1).startsWith("batch"), "the hook runs after its batch's items: " + log);
    }

    @Test
    void withTwoSendersASecondCallGoesOutWhileTheFirstIsOnItsWay() throws Exception {
        CountDownLatch firstOut = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> callers = new CopyOnWriteArrayList<>();
        Batcher<Integer, Integer> batcher = new Batcher<>("test-two", 10, Integer.MAX_VALUE, 0, 2, items -> {
            callers.add(Thread.currentThread().getName());
            if (items.contains(1)) {
                firstOut.countDown();
                await(release); // the first call hangs until the second has been answered
            }
            return items.stream().map(i -> Outcome.of(i * 10)).toList();
        }, THREADS);
        try {
            CompletableFuture<Integer> first = batcher.submitLater(1);
            assertTrue(firstOut.await(5, TimeUnit.SECONDS), "the first call went out");
            // with one sender this would wait behind the first call, which waits for it
            assertEquals(20, batcher.submitLater(2).get(5, TimeUnit.SECONDS));
            assertFalse(first.isDone(), "the first call is still on its way");
            release.countDown();
            assertEquals(10, first.get(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            batcher.stop(1000);
        }
        assertEquals(List.of("test-two", "test-two-2"), callers.stream().sorted().toList(), "one call on each sender");
        assertThrows(ExecutionException.class, () -> batcher.submitLater(3).get(1, TimeUnit.SECONDS), "both senders stopped");
    }

    @Test
    void aBatcherNeedsASender() {
        assertThrows(IllegalArgumentException.class, () -> new Batcher<Integer, Integer>("none", 10, 10, 0, 0,
                items -> List.of(), THREADS));
    }

    @Test
    void anItemHandedOverAfterStopFailsAtOnce() {
        Batcher<Integer, Integer> batcher = new Batcher<>("test", 10, items -> items.stream().map(Outcome::of).toList(), THREADS);
        batcher.stop(1000);
        CompletableFuture<Integer> late = batcher.submitLater(1);
        assertTrue(late.isCompletedExceptionally());
        ExecutionException failed = assertThrows(ExecutionException.class, late::get);
        assertTrue(failed.getCause() instanceof ProcessingException, failed.toString());
    }

    @Test
    void aCallAloneGoesOutAtOnceAndAnItemsRefusalIsOnlyItsOwn() throws Exception {
        Batcher<String, String> batcher = new Batcher<>("test", 10, items -> items.stream()
                .map(item -> item.equals("gone") ? Outcome.<String>failed(new Refused(404, "no job gone"))
                        : Outcome.of(item.toUpperCase()))
                .toList(), THREADS);
        try {
            assertEquals("A", result(batcher, "a"));
            Refused refusal = assertThrows(Refused.class, () -> result(batcher, "gone"));
            assertEquals(404, refusal.httpStatus());
            assertEquals("B", result(batcher, "b"));
        } finally {
            batcher.stop(1000);
        }
    }

    @Test
    void theSenderOutlivesAFailedCallAndStopsCleanly() throws Exception {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        Batcher<Integer, Integer> batcher = new Batcher<>("test", 10, items -> {
            calls.add(items.get(0));
            if (items.get(0) == 1) {
                throw new NoClassDefFoundError("as while an application stops");
            }
            if (items.get(0) == 2) {
                throw new ProcessingException("dispatch unreachable");
            }
            return items.stream().map(Outcome::of).toList();
        }, THREADS);
        assertThrows(ProcessingException.class, () -> result(batcher, 1));
        assertEquals("dispatch unreachable",
                assertThrows(ProcessingException.class, () -> result(batcher, 2)).getMessage());
        assertEquals(3, result(batcher, 3));

        batcher.stop(1000);
        assertThrows(ProcessingException.class, () -> result(batcher, 4));
        assertEquals(Batcher.Offered.STOPPED, batcher.offer(5), "a stopped batcher takes nothing more");
        assertEquals(List.of(1, 2, 3), calls);
    }

    /** Items handed over without waiting (events) queue up to the capacity; beyond it they are refused, not held. */
    @Test
    void offersBeyondTheCapacityAreRefusedWhileTheSenderIsBusy() throws Exception {
        java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Integer> sent = new CopyOnWriteArrayList<>();
        Batcher<Integer, Void> batcher = new Batcher<>("test", 10, 3, items -> {
            sending.countDown();
            await(release);
            sent.addAll(items);
            return items.stream().map(i -> Outcome.<Void>of(null)).toList();
        }, THREADS);
        try {
            assertEquals(Batcher.Offered.QUEUED, batcher.offer(0));
            assertTrue(sending.await(5, java.util.concurrent.TimeUnit.SECONDS)); // 0 is on its way, the queue is empty
            for (int i = 1; i <= 3; i++) {
                assertEquals(Batcher.Offered.QUEUED, batcher.offer(i));
            }
            assertEquals(Batcher.Offered.FULL, batcher.offer(4));
            release.countDown();
            long deadline = System.currentTimeMillis() + 5000;
            while (sent.size() < 4 && System.currentTimeMillis() < deadline) {
                sleep(10);
            }
            assertEquals(List.of(0, 1, 2, 3), sent);
            assertEquals(Batcher.Offered.QUEUED, batcher.offer(5), "room again once the queue has gone out");
        } finally {
            release.countDown();
            batcher.stop(1000);
        }
    }

    @Test
    void aBatchThatIsNotFullWaitsOutItsLingerForMore() throws Exception {
        List<List<Integer>> calls = new CopyOnWriteArrayList<>();
        CountDownLatch called = new CountDownLatch(1);
        Batcher<Integer, Void> batcher = new Batcher<>("test-linger", 10, 100, 60_000, items -> {
            calls.add(List.copyOf(items));
            called.countDown();
            return items.stream().map(i -> Outcome.<Void>of(null)).toList();
        }, THREADS);
        try {
            batcher.offer(0);
            sleep(200); // the sender has taken 0 and lingers
            assertTrue(calls.isEmpty(), "nothing goes out before the linger ends or the batch is full: " + calls);
            for (int i = 1; i < 10; i++) {
                batcher.offer(i);
            }
            // full: out at once, without waiting out the minute
            assertTrue(called.await(5, TimeUnit.SECONDS), "a full batch goes out");
            assertEquals(List.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), calls);
        } finally {
            batcher.stop(1000);
        }
    }

    @Test
    void stoppingEndsTheLingerAndSendsWhatWaits() throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        Batcher<Integer, Void> batcher = new Batcher<>("test-linger-stop", 10, 100, 60_000, items -> {
            sent.addAll(items);
            return items.stream().map(i -> Outcome.<Void>of(null)).toList();
        }, THREADS);
        batcher.offer(1);
        batcher.offer(2);
        sleep(100);
        batcher.stop(5000);
        assertEquals(List.of(1, 2), sent, "the lingering batch went out when the batcher stopped");
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
